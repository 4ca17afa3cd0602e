package io.communitypulse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * send() refuses every bad input the job's validator knows, with the job's reason, before anything
 * reaches Kafka (a MockProducer records what would have been sent); valid events go out keyed and
 * encoded as docs/producing-events.md says.
 */
class PulseProducerTest {

  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final Instant AT = NOW.minus(Duration.ofMinutes(5));

  private final MockProducer<String, byte[]> kafka =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final PulseProducer pulse =
      PulseProducer.builder("unused:9092").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build(kafka);

  @AfterEach
  void close() {
    pulse.close();
    assertThat(kafka.closed()).isTrue();
  }

  static Stream<Arguments> badClicks() {
    return Stream.of(
        bad("event_id null", RejectReason.MISSING_FIELD, c -> c.setEventId(null)),
        bad("event_id empty", RejectReason.MISSING_FIELD, c -> c.setEventId("")),
        bad("event_id blank", RejectReason.MISSING_FIELD, c -> c.setEventId("  ")),
        bad("community_id null", RejectReason.MISSING_FIELD, c -> c.setCommunityId(null)),
        bad("occurred_at null", RejectReason.MISSING_FIELD, c -> c.put("occurred_at", null)),
        bad("anonymous_id null", RejectReason.MISSING_FIELD, c -> c.setAnonymousId(null)),
        bad("anonymous_id empty", RejectReason.MISSING_FIELD, c -> c.setAnonymousId("")),
        bad("type null", RejectReason.MISSING_FIELD, c -> c.setType(null)),
        bad(
            "community upper case",
            RejectReason.INVALID_COMMUNITY_ID,
            c -> c.setCommunityId("Acme")),
        bad(
            "community leading dash",
            RejectReason.INVALID_COMMUNITY_ID,
            c -> c.setCommunityId("-a")),
        bad(
            "community 64 chars",
            RejectReason.INVALID_COMMUNITY_ID,
            c -> c.setCommunityId("a".repeat(64))),
        bad(
            "more than 24 h ahead",
            RejectReason.FUTURE_TIMESTAMP,
            c -> c.setOccurredAt(NOW.plus(Duration.ofHours(24)).plusMillis(1))),
        bad(
            "before 2000",
            RejectReason.ANCIENT_TIMESTAMP,
            c -> c.setOccurredAt(Instant.parse("1999-12-31T23:59:59.999Z"))));
  }

  private static Arguments bad(String name, RejectReason reason, Consumer<ClickEvent> breaker) {
    return Arguments.of(name, reason, breaker);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badClicks")
  void refusesBadClickWithoutSending(
      String name, RejectReason reason, Consumer<ClickEvent> breaker) {
    ClickEvent click = Events.click("acme", 1, AT);
    breaker.accept(click);

    assertThat(pulse.validate(click))
        .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(reason));
    assertThatThrownBy(() -> pulse.send(click))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.rejection()).isEqualTo(pulse.validate(click).orElseThrow());
              assertThat(e.getMessage()).startsWith(reason.name() + ": ");
            });
    assertThat(kafka.history()).isEmpty();
  }

  static Stream<Arguments> badPosts() {
    return Stream.of(
        Arguments.of(
            "member_id null",
            RejectReason.MISSING_FIELD,
            (Consumer<PostEvent>) p -> p.setMemberId(null)),
        Arguments.of(
            "member_id blank",
            RejectReason.MISSING_FIELD,
            (Consumer<PostEvent>) p -> p.setMemberId(" ")),
        Arguments.of(
            "content_id null",
            RejectReason.MISSING_FIELD,
            (Consumer<PostEvent>) p -> p.setContentId(null)),
        Arguments.of(
            "content_id empty",
            RejectReason.MISSING_FIELD,
            (Consumer<PostEvent>) p -> p.setContentId("")),
        Arguments.of(
            "type null", RejectReason.MISSING_FIELD, (Consumer<PostEvent>) p -> p.setType(null)),
        Arguments.of(
            "event_id null",
            RejectReason.MISSING_FIELD,
            (Consumer<PostEvent>) p -> p.setEventId(null)),
        Arguments.of(
            "community with space",
            RejectReason.INVALID_COMMUNITY_ID,
            (Consumer<PostEvent>) p -> p.setCommunityId("acme devs")),
        Arguments.of(
            "two days ahead",
            RejectReason.FUTURE_TIMESTAMP,
            (Consumer<PostEvent>) p -> p.setOccurredAt(NOW.plus(Duration.ofDays(2)))),
        Arguments.of(
            "epoch zero",
            RejectReason.ANCIENT_TIMESTAMP,
            (Consumer<PostEvent>) p -> p.setOccurredAt(Instant.EPOCH)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badPosts")
  void refusesBadPostWithoutSending(String name, RejectReason reason, Consumer<PostEvent> breaker) {
    PostEvent post = Events.post("acme", 1, AT);
    breaker.accept(post);

    assertThatThrownBy(() -> pulse.send(post))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    assertThat(kafka.history()).isEmpty();
  }

  @Test
  void acceptsTheBoundariesTheJobAccepts() {
    ClickEvent latest = Events.click("a", 1, NOW.plus(Duration.ofHours(24)));
    ClickEvent earliest = Events.click("a_b-9", 2, Instant.parse("2000-01-01T00:00:00Z"));
    ClickEvent longestCommunity = Events.click("0" + "z".repeat(62), 3, AT);

    pulse.send(latest);
    pulse.send(earliest);
    pulse.send(longestCommunity);

    assertThat(kafka.history()).hasSize(3);
  }

  @Test
  void sendsValidClickKeyedAndEncoded() {
    ClickEvent click = Events.click("acme", 3, AT);

    pulse.send(click);

    assertThat(kafka.history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(Topics.CLICKS);
              assertThat(r.key()).isEqualTo("acme/device-3").isEqualTo(Topics.key(click));
              assertThat(r.value()).startsWith(0xC3, 0x01);
              assertThat(WireCodec.clicks().decode(r.value()).value()).isEqualTo(click);
            });
  }

  @Test
  void sendsValidPostToConfiguredTopic() {
    MockProducer<String, byte[]> other =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    PostEvent post = Events.post("acme", 4, AT);

    try (PulseProducer custom =
        PulseProducer.builder("unused:9092").postsTopic("site.posts").build(other)) {
      custom.send(post);
    }

    ProducerRecord<String, byte[]> sent = other.history().get(0);
    assertThat(sent.topic()).isEqualTo("site.posts");
    assertThat(sent.key()).isEqualTo("acme/member-4");
    assertThat(WireCodec.posts().decode(sent.value()).value()).isEqualTo(post);
  }
}
