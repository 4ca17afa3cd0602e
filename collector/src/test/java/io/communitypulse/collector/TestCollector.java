package io.communitypulse.collector;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An in-process collector over a {@link MockProducer} (the unit is the HTTP layer: no broker), with
 * two communities, their keys and origins, and a JDK HTTP client to call it.
 */
final class TestCollector implements AutoCloseable {

  static final String ACME = "acme-dev";
  static final String ACME_KEY = "key-acme-0001";
  static final String GLOBEX = "globex-qa";
  static final String GLOBEX_KEY = "key-globex-001";
  static final String ACME_ORIGIN = "https://acme.example";
  static final String GLOBEX_ORIGIN = "https://globex.example";

  final MockProducer<String, byte[]> producer;
  final AtomicBoolean kafkaReady = new AtomicBoolean(true);
  final CollectorServer server;
  final CollectorClient client;

  private TestCollector(boolean autoComplete, Map<String, String> overrides, Clock clock) {
    producer =
        new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    server = CollectorServer.start(settings(overrides), producer, kafkaReady::get, () -> {}, clock);
    client = new CollectorClient(server.port());
  }

  /** Kafka acknowledges every record at once. */
  static TestCollector start() {
    return new TestCollector(true, Map.of(), Clock.systemUTC());
  }

  static TestCollector start(Map<String, String> overrides) {
    return new TestCollector(true, overrides, Clock.systemUTC());
  }

  static TestCollector start(Clock clock) {
    return new TestCollector(true, Map.of(), clock);
  }

  /** Kafka answers only when the test calls {@code producer.completeNext()} or errorNext. */
  static TestCollector withManualKafka(Map<String, String> overrides) {
    return new TestCollector(false, overrides, Clock.systemUTC());
  }

  static CollectorSettings settings(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", "unused:9092");
    values.put("collector.port", "0");
    values.put("collector.host", "127.0.0.1");
    values.put("collector.event-loops", "1");
    values.put("collector.write-keys", ACME + ":" + ACME_KEY + "," + GLOBEX + ":" + GLOBEX_KEY);
    values.put(
        "collector.origins",
        ACME + ":" + ACME_ORIGIN + "|http://localhost:8000," + GLOBEX + ":" + GLOBEX_ORIGIN);
    values.putAll(overrides);
    return CollectorSettings.from(values);
  }

  URI uri(String pathAndQuery) {
    return client.uri(pathAndQuery);
  }

  HttpResponse<String> post(String body, String... headers) {
    return client.post(body, headers);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    return client.get(pathAndQuery, headers);
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
    return client.getBytes(pathAndQuery, headers);
  }

  HttpResponse<String> send(HttpRequest request) {
    return client.send(request);
  }

  @Override
  public void close() {
    server.close();
  }
}
