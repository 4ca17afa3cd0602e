package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME;
import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static io.communitypulse.collector.TestCollector.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/p.gif}: the page always gets the GIF; the click lands in Kafka with the pixel's
 * defaults, and anything refused is counted and (when it belongs to a key) dead-lettered.
 */
class PixelEndpointTest {

  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void aPixelHitIsAPageViewOfThePageThatHoldsIt() {
    try (TestCollector collector = TestCollector.start(Clock.fixed(NOW, ZoneOffset.UTC))) {
      HttpResponse<byte[]> gif =
          collector.getBytes(
              "/v1/p.gif?key=" + ACME_KEY + "&anonymous_id=d-9&member_id=m-3",
              "Referer",
              "https://acme.example/t/7",
              "User-Agent",
              "Lynx/2.9");

      assertThat(gif.statusCode()).isEqualTo(200);
      assertThat(gif.headers().firstValue("Content-Type")).hasValue("image/gif");
      assertThat(gif.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
      assertThat(gif.body()).isEqualTo(PixelEndpoint.GIF);
      assertThat(collector.producer.history()).hasSize(1);
      ClickEvent click =
          WireCodec.clicks().decode(collector.producer.history().get(0).value()).value();
      assertThat(collector.producer.history().get(0).key()).isEqualTo(ACME + "/d-9");
      assertThat(click.getCommunityId()).isEqualTo(ACME);
      assertThat(click.getType()).isEqualTo(ClickType.PAGE_VIEW);
      assertThat(click.getUrl()).isEqualTo("https://acme.example/t/7");
      assertThat(click.getMemberId()).isEqualTo("m-3");
      assertThat(click.getOccurredAt()).isEqualTo(NOW);
      assertThat(click.getUserAgent()).isEqualTo("Lynx/2.9");
      assertThat(click.getEventId()).isNotBlank();
    }
  }

  @Test
  void refusedAndInvalidHitsStillGetTheGifAndAreCounted() {
    try (TestCollector collector = TestCollector.start()) {
      HttpResponse<byte[]> noKey = collector.getBytes("/v1/p.gif?anonymous_id=d-1");
      HttpResponse<byte[]> foreign =
          collector.getBytes(
              "/v1/p.gif?key=" + ACME_KEY + "&anonymous_id=d-1&community_id=" + GLOBEX);
      HttpResponse<byte[]> noDevice = collector.getBytes("/v1/p.gif?key=" + ACME_KEY);
      collector.kafkaReady.set(false);
      HttpResponse<byte[]> kafkaDown =
          collector.getBytes("/v1/p.gif?key=" + ACME_KEY + "&anonymous_id=d-2");

      for (HttpResponse<byte[]> hit : List.of(noKey, foreign, noDevice, kafkaDown)) {
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo(PixelEndpoint.GIF);
      }
      // Only the event without a device reached Kafka, as a dead letter.
      assertThat(collector.producer.history()).hasSize(1);
      assertThat(collector.producer.history().get(0).topic()).isEqualTo(Topics.DEAD_LETTERS);
      DeadLetter letter =
          WireCodec.deadLetters().decode(collector.producer.history().get(0).value()).value();
      assertThat(letter.getReason()).isEqualTo(RejectReason.MISSING_FIELD);
      assertThat(letter.getSourceLocation()).isEqualTo("collector GET /v1/p.gif[0]");
      CollectorMetrics metrics = collector.server.metrics();
      assertThat(metrics.refusedCount(Refusal.MISSING_KEY)).isEqualTo(1);
      assertThat(metrics.refusedCount(Refusal.FOREIGN_COMMUNITY)).isEqualTo(1);
      assertThat(metrics.refusedCount(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
      assertThat(metrics.rejectedCount(RejectReason.MISSING_FIELD)).isEqualTo(1);
      assertThat(metrics.render()).contains("pulse_collector_pixel_events_lost_total 3");
    }
  }
}
