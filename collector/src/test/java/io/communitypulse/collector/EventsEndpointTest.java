package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME;
import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static io.communitypulse.collector.TestCollector.ACME_ORIGIN;
import static io.communitypulse.collector.TestCollector.GLOBEX_KEY;
import static io.communitypulse.collector.TestCollector.GLOBEX_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/events} against an in-process collector whose Kafka is a MockProducer: what is
 * answered, and exactly what is handed to Kafka (docs/producing-events.md, "The HTTP collector").
 */
class EventsEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AN_HOUR_AGO =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

  @Test
  void acceptedEventsAreInKafkaWithTheDocumentedTopicAndKeyBeforeThe200() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      HttpResponse<String> answer =
          collector.post(
              Events.array(
                  Events.click(ACME, "c1", AN_HOUR_AGO),
                  Events.post(ACME, "p1", AN_HOUR_AGO),
                  Events.click(ACME, "c2", AN_HOUR_AGO)),
              "X-Pulse-Key",
              ACME_KEY,
              "Content-Type",
              "application/json",
              "User-Agent",
              "Mozilla/5.0 test");

      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.get("accepted").asInt()).isEqualTo(3);
      assertThat(body.get("rejected").size()).isZero();
      List<ProducerRecord<String, byte[]>> sent = collector.producer.history();
      assertThat(sent).hasSize(3);
      ClickEvent click = WireCodec.clicks().decode(sent.get(0).value()).value();
      assertThat(sent.get(0).topic()).isEqualTo(Topics.CLICKS);
      assertThat(sent.get(0).key()).isEqualTo(ACME + "/d-c1").isEqualTo(Topics.clickKey(click));
      assertThat(click.getEventId()).isEqualTo("c1");
      assertThat(click.getOccurredAt()).isEqualTo(AN_HOUR_AGO);
      assertThat(click.getUserAgent()).isEqualTo("Mozilla/5.0 test");
      PostEvent post = WireCodec.posts().decode(sent.get(1).value()).value();
      assertThat(sent.get(1).topic()).isEqualTo(Topics.POSTS);
      assertThat(sent.get(1).key()).isEqualTo(ACME + "/m-7").isEqualTo(Topics.postKey(post));
    }
  }

  @Test
  void invalidEventsGetTheJobsReasonsAndGoToTheDeadLetterTopicNamingTheCollector()
      throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      String missingDevice =
          Events.click(ACME, "c2", AN_HOUR_AGO).replace("\"anonymous_id\":\"d-c2\",", "");
      String badType = Events.click(ACME, "c3", AN_HOUR_AGO).replace("PAGE_VIEW", "TAP");
      String ancient = Events.click(ACME, "c4", Instant.parse("1999-12-31T23:00:00Z"));
      HttpResponse<String> answer =
          collector.post(
              Events.array(
                  Events.click(ACME, "c1", AN_HOUR_AGO), missingDevice, badType, ancient, "42"),
              "X-Pulse-Key",
              ACME_KEY);

      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.get("accepted").asInt()).isEqualTo(1);
      assertThat(body.get("rejected").findValuesAsText("index"))
          .containsExactly("1", "2", "3", "4");
      assertThat(body.get("rejected").findValuesAsText("reason"))
          .containsExactly(
              RejectReason.MISSING_FIELD.name(),
              RejectReason.UNKNOWN_SYMBOL.name(),
              RejectReason.ANCIENT_TIMESTAMP.name(),
              RejectReason.BAD_JSON.name());
      assertThat(body.get("rejected").get(0).get("message").asText()).contains("anonymous_id");

      List<ProducerRecord<String, byte[]>> sent = collector.producer.history();
      assertThat(sent).hasSize(5);
      assertThat(sent.get(0).topic()).isEqualTo(Topics.CLICKS);
      List<ProducerRecord<String, byte[]>> letters = sent.subList(1, 5);
      assertThat(letters).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTERS));
      assertThat(letters).allSatisfy(r -> assertThat(r.key()).isEqualTo(ACME));
      DeadLetter first = WireCodec.deadLetters().decode(letters.get(0).value()).value();
      assertThat(first.getReason()).isEqualTo(RejectReason.MISSING_FIELD);
      assertThat(first.getSourceLocation()).isEqualTo("collector POST /v1/events[1]");
      assertThat(first.getCommunityId()).isEqualTo(ACME);
      assertThat(first.getEventId()).isEqualTo("c2");
      assertThat(new String(first.getOriginal().array())).contains("\"event_id\":\"c2\"");
      assertThat(new String(letters.get(0).headers().lastHeader("__connect.errors.stage").value()))
          .isEqualTo("pulse-collector");
      assertThat(collector.server.metrics().rejectedCount(RejectReason.MISSING_FIELD)).isEqualTo(1);
      assertThat(collector.server.metrics().acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void aMissingOrUnknownKeyOrAnotherCommunitysEventIs401AndNothingIsSent() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      String batch = Events.array(Events.click(ACME, "c1", AN_HOUR_AGO));

      HttpResponse<String> noKey = collector.post(batch);
      HttpResponse<String> unknown = collector.post(batch, "X-Pulse-Key", "not-a-key");
      HttpResponse<String> otherCommunity = collector.post(batch, "X-Pulse-Key", GLOBEX_KEY);
      HttpResponse<String> mixed =
          collector.post(
              Events.array(
                  Events.click(ACME, "c2", AN_HOUR_AGO),
                  Events.click("globex-qa", "c3", AN_HOUR_AGO)),
              "X-Pulse-Key",
              ACME_KEY);

      assertThat(noKey.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(noKey.body()).get("error").asText()).isEqualTo("missing_key");
      assertThat(unknown.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown_key");
      assertThat(otherCommunity.statusCode()).isEqualTo(401);
      assertThat(mixed.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(mixed.body()).get("error").asText()).isEqualTo("community_mismatch");
      assertThat(collector.producer.history()).isEmpty();
      CollectorMetrics metrics = collector.server.metrics();
      assertThat(metrics.refusedCount(Refusal.MISSING_KEY)).isEqualTo(1);
      assertThat(metrics.refusedCount(Refusal.UNKNOWN_KEY)).isEqualTo(1);
      assertThat(metrics.refusedCount(Refusal.FOREIGN_COMMUNITY)).isEqualTo(2);
    }
  }

  @Test
  void aBeaconWithTheKeyAndSendTimeInTheQueryAndATextPlainBodyIsAccepted() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      HttpRequest beacon =
          HttpRequest.newBuilder(
                  collector.uri(
                      "/v1/events?key=" + ACME_KEY + "&sent_at=" + Instant.now().toEpochMilli()))
              .header("Content-Type", "text/plain;charset=UTF-8")
              .header("Origin", ACME_ORIGIN)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      Events.array(Events.click(ACME, "c1", AN_HOUR_AGO))))
              .build();

      HttpResponse<String> answer = collector.send(beacon);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ACME_ORIGIN);
      assertThat(collector.producer.history()).hasSize(1);
    }
  }

  @Test
  void occurredAtIsCorrectedByHowFarTheDeviceClockIsFromTheCollectors() {
    Instant now = Instant.parse("2026-03-10T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    try (TestCollector collector = TestCollector.start(clock)) {
      // The device's clock is an hour and a half behind: it created the event 5 s before sending.
      Instant deviceSent = now.minus(Duration.ofMinutes(90));
      Instant deviceCreated = deviceSent.minusSeconds(5);

      HttpResponse<String> answer =
          collector.post(
              Events.array(Events.click(ACME, "c1", deviceCreated)),
              "X-Pulse-Key",
              ACME_KEY,
              "X-Pulse-Sent-At",
              Long.toString(deviceSent.toEpochMilli()));

      assertThat(answer.statusCode()).isEqualTo(200);
      ClickEvent click =
          WireCodec.clicks().decode(collector.producer.history().get(0).value()).value();
      assertThat(click.getOccurredAt()).isEqualTo(now.minusSeconds(5));
    }
  }

  @Test
  void aFutureTimestampIsJudgedAfterTheCorrection() throws Exception {
    Instant now = Instant.parse("2026-03-10T12:00:00Z");
    try (TestCollector collector = TestCollector.start(Clock.fixed(now, ZoneOffset.UTC))) {
      // A device two days ahead: raw, its event is a FUTURE_TIMESTAMP; corrected, it is fine.
      Instant deviceNow = now.plus(Duration.ofDays(2));

      HttpResponse<String> corrected =
          collector.post(
              Events.array(Events.click(ACME, "c1", deviceNow)),
              "X-Pulse-Key",
              ACME_KEY,
              "X-Pulse-Sent-At",
              Long.toString(deviceNow.toEpochMilli()));
      HttpResponse<String> raw =
          collector.post(
              Events.array(Events.click(ACME, "c2", deviceNow)), "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> badSentAt =
          collector.post(
              Events.array(Events.click(ACME, "c3", now)),
              "X-Pulse-Key",
              ACME_KEY,
              "X-Pulse-Sent-At",
              "yesterday");

      assertThat(JSON.readTree(corrected.body()).get("accepted").asInt()).isEqualTo(1);
      assertThat(JSON.readTree(raw.body()).at("/rejected/0/reason").asText())
          .isEqualTo(RejectReason.FUTURE_TIMESTAMP.name());
      assertThat(badSentAt.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void ipIsDroppedUnlessForwardingIsOnAndThenComesFromTheLoadBalancer() {
    String withIp = Events.click(ACME, "c1", AN_HOUR_AGO).replace("}", ",\"ip\":\"203.0.113.9\"}");
    String withoutIp = Events.click(ACME, "c2", AN_HOUR_AGO);
    try (TestCollector dropping = TestCollector.start()) {
      dropping.post(Events.array(withIp), "X-Pulse-Key", ACME_KEY);

      ClickEvent click =
          WireCodec.clicks().decode(dropping.producer.history().get(0).value()).value();
      assertThat(click.getIp()).isNull();
    }
    try (TestCollector forwarding = TestCollector.start(Map.of("collector.forward-ip", "true"))) {
      forwarding.post(
          Events.array(withIp, withoutIp),
          "X-Pulse-Key",
          ACME_KEY,
          "X-Forwarded-For",
          "198.51.100.7, 10.0.0.1");

      List<ProducerRecord<String, byte[]>> sent = forwarding.producer.history();
      assertThat(WireCodec.clicks().decode(sent.get(0).value()).value().getIp())
          .isEqualTo("203.0.113.9");
      assertThat(WireCodec.clicks().decode(sent.get(1).value()).value().getIp())
          .isEqualTo("198.51.100.7");
    }
  }

  @Test
  void browsersArePreflightedForAnyConfiguredOriginButSendOnlyForTheirKeysCommunity()
      throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      HttpResponse<String> preflight = collector.send(options(collector, GLOBEX_ORIGIN));
      HttpResponse<String> strangerPreflight =
          collector.send(options(collector, "https://evil.example"));
      String batch = Events.array(Events.click(ACME, "c1", AN_HOUR_AGO));
      HttpResponse<String> wrongOrigin =
          collector.post(batch, "X-Pulse-Key", ACME_KEY, "Origin", GLOBEX_ORIGIN);
      HttpResponse<String> rightOrigin =
          collector.post(batch, "X-Pulse-Key", ACME_KEY, "Origin", "http://localhost:8000");

      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue(GLOBEX_ORIGIN);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValue("X-Pulse-Key, X-Pulse-Sent-At, Content-Type");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
          .contains("POST");
      assertThat(strangerPreflight.statusCode()).isEqualTo(403);
      assertThat(strangerPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(wrongOrigin.statusCode()).isEqualTo(403);
      // A configured site's page may read the refusal (and stop retrying), though not send.
      assertThat(wrongOrigin.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue(GLOBEX_ORIGIN);
      HttpResponse<String> badKey =
          collector.post(batch, "X-Pulse-Key", "no-such-key", "Origin", GLOBEX_ORIGIN);
      HttpResponse<String> strangerBadKey =
          collector.post(batch, "X-Pulse-Key", "no-such-key", "Origin", "https://evil.example");
      assertThat(badKey.statusCode()).isEqualTo(401);
      assertThat(badKey.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue(GLOBEX_ORIGIN);
      assertThat(strangerBadKey.statusCode()).isEqualTo(401);
      assertThat(strangerBadKey.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(rightOrigin.statusCode()).isEqualTo(200);
      assertThat(rightOrigin.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://localhost:8000");
      assertThat(collector.producer.history()).hasSize(1);
      assertThat(collector.server.metrics().refusedCount(Refusal.ORIGIN_NOT_ALLOWED)).isEqualTo(2);
    }
  }

  @Test
  void oversizedBodiesAndBatchesAre413AndMalformedJsonIs400WithNothingSent() throws Exception {
    try (TestCollector collector =
        TestCollector.start(
            Map.of("collector.max-body-bytes", "2000", "collector.max-batch-events", "3"))) {
      String four =
          Events.array(
              Events.click(ACME, "a", AN_HOUR_AGO),
              Events.click(ACME, "b", AN_HOUR_AGO),
              Events.click(ACME, "c", AN_HOUR_AGO),
              Events.click(ACME, "d", AN_HOUR_AGO));
      String big =
          Events.array(
              Events.click(ACME, "e", AN_HOUR_AGO).replace("/t/1", "/t/" + "x".repeat(3000)));

      HttpResponse<String> tooMany = collector.post(four, "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> tooBig =
          collector.post(big, "X-Pulse-Key", ACME_KEY, "Origin", ACME_ORIGIN);
      HttpResponse<String> broken = collector.post("[{\"kind\":", "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> object =
          collector.post(Events.click(ACME, "f", AN_HOUR_AGO), "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> empty = collector.post("", "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> duplicateKey =
          collector.post("[{\"kind\":\"click\",\"kind\":\"post\"}]", "X-Pulse-Key", ACME_KEY);

      assertThat(tooMany.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(tooMany.body()).get("error").asText()).isEqualTo("batch_too_large");
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(tooBig.body()).get("error").asText()).isEqualTo("body_too_large");
      // The tracker must be able to read why: the origin is allowed, so it gets the header.
      assertThat(tooBig.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ACME_ORIGIN);
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(object.statusCode()).isEqualTo(400);
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(duplicateKey.statusCode()).isEqualTo(400);
      assertThat(collector.producer.history()).isEmpty();
      assertThat(collector.server.metrics().refusedCount(Refusal.BAD_JSON)).isEqualTo(4);
    }
  }

  @Test
  void anEmptyBatchIsAnsweredWithNothingAccepted() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      HttpResponse<String> answer = collector.post("[]", "X-Pulse-Key", ACME_KEY);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).get("accepted").asInt()).isZero();
    }
  }

  @Test
  void unreachableKafkaIs503WithRetryAfterAndNothingSent() throws Exception {
    try (TestCollector collector = TestCollector.start(Map.of("collector.retry-after", "7 s"))) {
      collector.kafkaReady.set(false);

      HttpResponse<String> answer =
          collector.post(
              Events.array(Events.click(ACME, "c1", AN_HOUR_AGO)), "X-Pulse-Key", ACME_KEY);
      HttpResponse<String> ready = collector.get("/readyz");

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("kafka_unavailable");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(collector.producer.history()).isEmpty();
    }
  }

  @Test
  void aFullBufferIs503AtOnceAndTheWaitingRequestGets200OnlyOnceKafkaAcknowledged()
      throws Exception {
    try (TestCollector collector =
        TestCollector.withManualKafka(
            Map.of("collector.max-in-flight-events", "2", "collector.max-batch-events", "2"))) {
      String two =
          Events.array(
              Events.click(ACME, "c1", AN_HOUR_AGO), Events.click(ACME, "c2", AN_HOUR_AGO));
      CompletableFuture<HttpResponse<String>> waiting =
          CompletableFuture.supplyAsync(() -> collector.post(two, "X-Pulse-Key", ACME_KEY));
      awaitSent(collector, 2);

      HttpResponse<String> turnedAway =
          collector.post(
              Events.array(Events.click(ACME, "c3", AN_HOUR_AGO)), "X-Pulse-Key", ACME_KEY);
      assertThat(turnedAway.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(turnedAway.body()).get("error").asText()).isEqualTo("buffer_full");
      assertThat(waiting).isNotDone();

      collector.producer.completeNext();
      assertThat(waiting).isNotDone();
      collector.producer.completeNext();
      assertThat(waiting.get().statusCode()).isEqualTo(200);
      assertThat(collector.server.metrics().render())
          .contains("pulse_collector_in_flight_events 0");
    }
  }

  @Test
  void aRecordKafkaFailsTurnsTheWholeRequestInto503() throws Exception {
    try (TestCollector collector = TestCollector.withManualKafka(Map.of())) {
      String two =
          Events.array(
              Events.click(ACME, "c1", AN_HOUR_AGO), Events.click(ACME, "c2", AN_HOUR_AGO));
      CompletableFuture<HttpResponse<String>> answer =
          CompletableFuture.supplyAsync(() -> collector.post(two, "X-Pulse-Key", ACME_KEY));
      awaitSent(collector, 2);

      collector.producer.completeNext();
      collector.producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("expired"));

      assertThat(answer.get().statusCode()).isEqualTo(503);
      assertThat(answer.get().headers().firstValue("Retry-After")).isPresent();
      assertThat(collector.server.metrics().acceptedCount()).isZero();
      assertThat(collector.server.metrics().refusedCount(Refusal.KAFKA_FAILED)).isEqualTo(1);
    }
  }

  private static HttpRequest options(TestCollector collector, String origin) {
    return HttpRequest.newBuilder(collector.uri(EventsEndpoint.PATH))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-pulse-key,content-type")
        .build();
  }

  /** Waits (on a condition, bounded) until the collector handed {@code n} records to Kafka. */
  private static void awaitSent(TestCollector collector, int n) {
    await("records handed to Kafka")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> collector.producer.history().size() >= n);
    assertThat(collector.producer.history()).hasSize(n);
  }
}
