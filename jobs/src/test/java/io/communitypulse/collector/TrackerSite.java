package io.communitypulse.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The small web site of the tracker's browser tests, on a loopback port of its own: the pages in
 * {@code src/test/resources/tracker-site/}, with {@code ${name}} in an HTML page replaced by the
 * variable of that name (where pulse.js comes from, the community, the write key). Paths under
 * {@code /app/} are the single-page app's routes and all serve {@code app.html}, as a real SPA
 * server does. Further handlers (a stub collector) can be added with {@link #route}.
 */
final class TrackerSite implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String> variables;

  TrackerSite(Map<String, String> variables) {
    this.variables = new ConcurrentHashMap<>(variables);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::page);
    server.start();
  }

  /** This site's origin, e.g. {@code http://127.0.0.1:41234}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String url(String path) {
    return origin() + path;
  }

  /** Sets a variable of the pages, e.g. the collector's address once it listens. */
  void define(String name, String value) {
    variables.put(name, value);
  }

  void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        path = "/index.html";
      } else if (path.startsWith("/app/")) {
        path = "/app.html";
      }
      byte[] body = resource("tracker-site" + path);
      if (body == null || path.contains("..")) {
        send(exchange, 404, "text/plain", new byte[0]);
        return;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      for (Map.Entry<String, String> variable : variables.entrySet()) {
        text = text.replace("${" + variable.getKey() + "}", variable.getValue());
      }
      String type = path.endsWith(".js") ? "text/javascript" : "text/html";
      send(exchange, 200, type + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = TrackerSite.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
