package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME;
import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static io.communitypulse.collector.TestCollector.ACME_ORIGIN;
import static io.communitypulse.collector.TestCollector.GLOBEX;
import static io.communitypulse.collector.TestCollector.GLOBEX_KEY;
import static io.communitypulse.collector.TestCollector.GLOBEX_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real shared broker: requests with a missing, unknown or foreign write key, from an origin
 * not allowed for the key's community, oversized or malformed, each get their status and leave
 * nothing on the event topics; the one good request among them is there, keyed as documented, and
 * its rejected event is a dead letter naming the collector.
 */
@ExtendWith(SharedInfrastructure.class)
class CollectorRefusalsITCase {

  private static final Instant AN_HOUR_AGO =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

  @Test
  void everyRefusedRequestGetsItsStatusAndNothingOfItReachesTheEventTopics() {
    try (LiveCollector collector =
        LiveCollector.start(
            SharedInfrastructure.kafkaBootstrapServers(),
            SharedInfrastructure.uniqueName("collector-refusals"),
            topics -> topics.forEach(SharedInfrastructure::createTopic),
            Map.of("collector.max-body-bytes", "4096", "collector.max-batch-events", "5"))) {
      CollectorClient client = collector.client;
      String one = Events.array(Events.click(ACME, "refused-1", AN_HOUR_AGO));
      String six =
          Events.array(
              IntStream.range(0, 6)
                  .mapToObj(i -> Events.click(ACME, "refused-many-" + i, AN_HOUR_AGO))
                  .toArray(String[]::new));
      String huge =
          Events.array(
              Events.click(ACME, "refused-huge", AN_HOUR_AGO)
                  .replace("/t/1", "/t/" + "x".repeat(5000)));

      assertThat(client.post(one).statusCode()).as("no key").isEqualTo(401);
      assertThat(client.post(one, "X-Pulse-Key", "wrong").statusCode()).isEqualTo(401);
      assertThat(client.post(one, "X-Pulse-Key", GLOBEX_KEY).statusCode())
          .as("another community's key")
          .isEqualTo(401);
      assertThat(
              client
                  .post(
                      Events.array(
                          Events.click(GLOBEX, "refused-g", AN_HOUR_AGO),
                          Events.click(ACME, "refused-a", AN_HOUR_AGO)),
                      "X-Pulse-Key",
                      GLOBEX_KEY)
                  .statusCode())
          .as("one event of another community")
          .isEqualTo(401);
      assertThat(client.post(one, "X-Pulse-Key", ACME_KEY, "Origin", GLOBEX_ORIGIN).statusCode())
          .as("an origin of another community")
          .isEqualTo(403);
      assertThat(client.send(preflight(client, "https://elsewhere.example")).statusCode())
          .isEqualTo(403);
      assertThat(client.send(preflight(client, ACME_ORIGIN)).statusCode()).isEqualTo(204);
      assertThat(client.post(six, "X-Pulse-Key", ACME_KEY).statusCode()).isEqualTo(413);
      assertThat(client.post(huge, "X-Pulse-Key", ACME_KEY).statusCode()).isEqualTo(413);
      assertThat(client.post("[{\"kind\":\"click\"", "X-Pulse-Key", ACME_KEY).statusCode())
          .isEqualTo(400);
      assertThat(client.post("{\"kind\":\"click\"}", "X-Pulse-Key", ACME_KEY).statusCode())
          .isEqualTo(400);

      // The one request that passes: a valid click and an invalid one.
      String invalid = Events.click(ACME, "kept-2", AN_HOUR_AGO).replace("PAGE_VIEW", "TAP");
      var accepted =
          client.post(
              Events.array(Events.click(ACME, "kept-1", AN_HOUR_AGO), invalid),
              "X-Pulse-Key",
              ACME_KEY,
              "Origin",
              ACME_ORIGIN);
      assertThat(accepted.statusCode()).isEqualTo(200);
      assertThat(accepted.body()).contains("\"accepted\":1").contains("UNKNOWN_SYMBOL");

      List<ConsumerRecord<String, byte[]>> events = collector.events();
      assertThat(events).hasSize(1);
      ClickEvent click = WireCodec.clicks().decode(events.get(0).value()).value();
      assertThat(click.getEventId()).isEqualTo("kept-1");
      assertThat(events.get(0).key()).isEqualTo(Topics.clickKey(click));
      List<ConsumerRecord<String, byte[]>> letters = collector.deadLetters();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).key()).isEqualTo(ACME);
      DeadLetter letter = WireCodec.deadLetters().decode(letters.get(0).value()).value();
      assertThat(letter.getReason()).isEqualTo(RejectReason.UNKNOWN_SYMBOL);
      assertThat(letter.getEventId()).isEqualTo("kept-2");
      assertThat(letter.getSourceLocation()).isEqualTo("collector POST /v1/events[1]");

      String metrics = client.get("/metrics").body();
      assertThat(metrics)
          .contains("pulse_collector_refusals_total{status=\"401\",cause=\"missing_key\"} 1")
          .contains("pulse_collector_refusals_total{status=\"401\",cause=\"unknown_key\"} 1")
          .contains("pulse_collector_refusals_total{status=\"401\",cause=\"community_mismatch\"} 2")
          .contains("pulse_collector_refusals_total{status=\"403\",cause=\"origin_not_allowed\"} 2")
          .contains("pulse_collector_refusals_total{status=\"413\",cause=\"batch_too_large\"} 1")
          .contains("pulse_collector_refusals_total{status=\"413\",cause=\"body_too_large\"} 1")
          .contains("pulse_collector_refusals_total{status=\"400\",cause=\"bad_json\"} 2")
          .contains("pulse_collector_events_accepted_total 1");
      assertThat(client.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  private static HttpRequest preflight(CollectorClient client, String origin) {
    return HttpRequest.newBuilder(client.uri(EventsEndpoint.PATH))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .build();
  }
}
