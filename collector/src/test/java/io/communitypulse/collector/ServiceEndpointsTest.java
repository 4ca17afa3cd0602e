package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tracker, health, readiness and metrics endpoints. */
class ServiceEndpointsTest {

  @Test
  void theTrackerIsServedAsJavaScriptWithCacheHeadersAndRevalidates() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      HttpResponse<byte[]> script = collector.getBytes("/pulse.js");
      String etag = script.headers().firstValue("ETag").orElseThrow();
      HttpResponse<byte[]> again = collector.getBytes("/pulse.js", "If-None-Match", etag);

      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/javascript");
      assertThat(script.headers().firstValue("Cache-Control"))
          .hasValue(TrackerScript.CACHE_CONTROL);
      try (var resource = getClass().getResourceAsStream(TrackerScript.RESOURCE)) {
        assertThat(script.body()).isEqualTo(resource.readAllBytes());
      }
      assertThat(again.statusCode()).isEqualTo(304);
    }
  }

  @Test
  void healthIsAlwaysUpAndReadinessFollowsKafka() {
    try (TestCollector collector = TestCollector.start()) {
      assertThat(collector.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(collector.get("/readyz").statusCode()).isEqualTo(200);

      collector.kafkaReady.set(false);

      assertThat(collector.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(collector.get("/readyz").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void metricsCountRequestsByStatusRefusalsAndKafkaLatencyInPrometheusText() {
    try (TestCollector collector = TestCollector.start()) {
      collector.post("[]", "X-Pulse-Key", "nope");
      collector.post(
          Events.array(Events.click(TestCollector.ACME, "c1", java.time.Instant.now())),
          "X-Pulse-Key",
          ACME_KEY);
      collector.get("/nowhere");

      HttpResponse<String> metrics = collector.get("/metrics");

      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body())
          .contains("pulse_collector_requests_total{endpoint=\"events\",status=\"401\"} 1")
          .contains("pulse_collector_requests_total{endpoint=\"events\",status=\"200\"} 1")
          .contains("pulse_collector_requests_total{endpoint=\"other\",status=\"404\"} 1")
          .contains("pulse_collector_refusals_total{status=\"401\",cause=\"unknown_key\"} 1")
          .contains("pulse_collector_events_accepted_total 1")
          .contains("pulse_collector_events_rejected_total{reason=\"MISSING_FIELD\"} 0")
          .contains("pulse_collector_kafka_send_seconds_count 1")
          .contains("pulse_collector_in_flight_capacity 20000")
          .contains("pulse_collector_kafka_reachable 1");
      assertThat(metrics.body().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
  }
}
