package io.communitypulse.setup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for Kibana's HTTP API: records every request ({@code "METHOD /path?query"}) with
 * its body and headers, and answers what a test set for it, else {@code 200 {}}. (No Kibana runs on
 * the build machines; the requests' shapes are what the setup tests check.)
 */
final class KibanaStub implements AutoCloseable {

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();

  KibanaStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Kibana's URL, with a trailing slash as users often write it. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  void answer(String request, int status, String body) {
    answers.put(request, new Answer(status, body));
  }

  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The body of the last request of this kind. */
  String body(String request) {
    return bodies.get(request);
  }

  /** {@code kbn-xsrf|Authorization|Content-Type} of the last request of this kind. */
  String headers(String request) {
    return headers.get(request);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    synchronized (requests) {
      requests.add(key);
    }
    bodies.put(key, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    headers.put(
        key,
        exchange.getRequestHeaders().getFirst("kbn-xsrf")
            + "|"
            + exchange.getRequestHeaders().getFirst("Authorization")
            + "|"
            + exchange.getRequestHeaders().getFirst("Content-Type"));
    Answer answer = answers.getOrDefault(key, new Answer(200, "{}"));
    byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }
}
