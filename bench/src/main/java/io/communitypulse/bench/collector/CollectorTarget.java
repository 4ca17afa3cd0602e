package io.communitypulse.bench.collector;

import io.communitypulse.collector.CollectorServer;
import io.communitypulse.collector.CollectorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Batches through the HTTP collector, started in this JVM with its production defaults (one event
 * loop per core), posted by JDK HTTP clients as a site's server would. Only a 200 with every event
 * accepted counts as sent. Its CPU is that of the collector's event loops and its producer's and
 * readiness check's threads; the HTTP clients' is the load generator's.
 */
final class CollectorTarget implements LoadTarget {

  static final String KEY = "bench-write-key-0000";

  private final CollectorServer server;
  private final URI uri;
  private final HttpClient http;
  private final String[][] bodies;

  CollectorTarget(String bootstrapServers, Map<String, String> topics, BenchEvents events) {
    Map<String, String> settings = new java.util.HashMap<>(topics);
    settings.put("kafka.bootstrap-servers", bootstrapServers);
    settings.put("collector.port", "0");
    settings.put("collector.host", "127.0.0.1");
    settings.put("collector.write-keys", BenchEvents.COMMUNITY + ":" + KEY);
    server = CollectorServer.start(CollectorSettings.from(settings));
    uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/events");
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(
                Executors.newFixedThreadPool(
                    4,
                    r -> {
                      Thread t = new Thread(r, "http-client-callback");
                      t.setDaemon(true);
                      return t;
                    }))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // Bodies are built once: building JSON is the client's work, not the collector's.
    bodies = new String[21][];
    for (int size : new int[] {1, 20}) {
      bodies[size] = new String[512];
      for (int i = 0; i < bodies[size].length; i++) {
        bodies[size][i] = events.jsonBatch(i * size, size);
      }
    }
  }

  @Override
  public String name() {
    return "collector";
  }

  @Override
  public void send(int index, int size) throws IOException, InterruptedException {
    check(http.send(request(index, size), HttpResponse.BodyHandlers.ofString()), size);
  }

  CompletableFuture<Void> sendAsync(int index, int size) {
    return http.sendAsync(request(index, size), HttpResponse.BodyHandlers.ofString())
        .thenAccept(answer -> check(answer, size));
  }

  private HttpRequest request(int index, int size) {
    String[] pool = bodies[size];
    return HttpRequest.newBuilder(uri)
        .header("X-Pulse-Key", KEY)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(pool[Math.floorMod(index, pool.length)]))
        .build();
  }

  private static void check(HttpResponse<String> answer, int size) {
    if (answer.statusCode() != 200 || !answer.body().startsWith("{\"accepted\":" + size + ",")) {
      throw new IllegalStateException(
          "collector answered " + answer.statusCode() + " " + answer.body());
    }
  }

  @Override
  public long cpuNanos() {
    return ThreadCpu.of(n -> n.startsWith("vert.x-eventloop") || n.contains("pulse-collector"));
  }

  @Override
  public void close() {
    server.close();
  }
}
