package io.communitypulse.faults;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of the real Elasticsearch node that answers {@code 429 Too Many Requests}
 * (as an overloaded node does, {@code es_rejected_execution_exception}) to every {@code _bulk}
 * request for a while from the first one, and forwards everything else, and every later request,
 * unchanged.
 */
final class FailingBulkProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String target;
  private final long rejectForNanos;
  private final AtomicLong firstBulkAt = new AtomicLong();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger forwardedBulks = new AtomicInteger();

  private FailingBulkProxy(String target, Duration rejectFor) throws IOException {
    this.target = target;
    this.rejectForNanos = rejectFor.toNanos();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy to {@code target} that refuses bulk requests for {@code rejectFor}. */
  static FailingBulkProxy start(String target, Duration rejectFor) throws IOException {
    return new FailingBulkProxy(target, rejectFor);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Bulk requests answered with 429. */
  int rejected() {
    return rejected.get();
  }

  /** Bulk requests forwarded to the node. */
  int forwardedBulks() {
    return forwardedBulks.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      if (uri.getPath().endsWith("/_bulk") && refusing()) {
        rejected.incrementAndGet();
        byte[] answer =
            ("{\"error\":{\"root_cause\":[],\"type\":\"es_rejected_execution_exception\","
                    + "\"reason\":\"rejected execution (injected by FailingBulkProxy)\"},"
                    + "\"status\":429}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(429, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
        return;
      }
      if (uri.getPath().endsWith("/_bulk")) {
        forwardedBulks.incrementAndGet();
      }
      forward(exchange, uri, body);
    }
  }

  private boolean refusing() {
    long now = System.nanoTime();
    firstBulkAt.compareAndSet(0, now);
    return now - firstBulkAt.get() < rejectForNanos;
  }

  private void forward(HttpExchange exchange, URI uri, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target + uri.getRawPath() + query(uri)))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
        header.getValue().forEach(v -> request.header(header.getKey(), v));
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
    Headers headers = exchange.getResponseHeaders();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                headers.put(name, values);
              }
            });
    byte[] answer = response.body();
    boolean noBody = exchange.getRequestMethod().equals("HEAD") || answer.length == 0;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private static String query(URI uri) {
    return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
