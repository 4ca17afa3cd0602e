package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static io.communitypulse.simulator.SimulationFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The demo's feed: the history at once, then live at a steady rate with every event dated when it
 * is sent, on a fake clock that the pacer's sleeps move forward.
 */
class RealTimeFeederTest {

  private static final SimulatorSettings SMALL =
      DEFAULTS.withDays(1).withCommunities(1).withMembersPerCommunity(50);

  /** Noon of the simulated day: the morning is history, the afternoon is live. */
  private static final Instant NOON = START.plus(Duration.ofHours(12));

  private static final double RATE = 20;

  private long nowMillis = NOON.toEpochMilli();
  private long nowNanos = 0;

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(nowMillis);
        }
      };

  private final RatePacer pacer =
      new RatePacer(
          RATE,
          () -> nowNanos,
          nanos -> {
            nowNanos += nanos;
            nowMillis += nanos / 1_000_000;
          });

  @Test
  void sendsTheHistoryAtOnceThenTheSameEventsAtTheRateDatedWhenSent() {
    List<SimulatedEvent> simulated = SimulationFixtures.run(SMALL);
    MockProducer<byte[], byte[]> producer = producer();
    RealTimeFeeder feeder = feeder(simulated, producer, RATE);

    feeder.run();

    List<SpecificRecord> sent = decoded(producer.history());
    assertThat(feeder.sent()).isEqualTo(simulated.size());
    assertThat(feeder.isLive()).isTrue();
    assertThat(sent).hasSameSizeAs(simulated);
    int history = 0;
    while (simulated.get(history).occurredAtMillis() <= NOON.toEpochMilli()) {
      history++;
    }
    assertThat(history).isPositive().isLessThan(simulated.size());
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < simulated.size(); i++) {
      SimulatedEvent original = simulated.get(i);
      SimulatedEvent fed = new SimulatedEvent(sent.get(i), original.duplicate(), false);
      assertThat(SimulationFixtures.eventIdOf(fed))
          .isEqualTo(SimulationFixtures.eventIdOf(original));
      if (i < history) {
        assertThat(fed.event()).isEqualTo(original.event());
      } else {
        assertThat(fed.occurredAtMillis())
            .as("event %d is dated when sent, never ahead of the clock", i)
            .isLessThan(original.occurredAtMillis())
            .isGreaterThanOrEqualTo(NOON.toEpochMilli())
            .isGreaterThanOrEqualTo(previous);
        previous = fed.occurredAtMillis();
      }
    }
    long liveEvents = simulated.size() - history;
    long liveMillis = nowMillis - NOON.toEpochMilli();
    assertThat(liveMillis)
        .as("%d live events at %s/s", liveEvents, RATE)
        .isBetween((long) ((liveEvents - 1) * 1000 / RATE), (long) (liveEvents * 1000 / RATE));
  }

  @Test
  void withoutARateAPastPeriodIsSentAsItIs() {
    nowMillis = START.plus(Duration.ofDays(30)).toEpochMilli();
    List<SimulatedEvent> simulated = SimulationFixtures.run(SMALL);
    MockProducer<byte[], byte[]> producer = producer();
    RealTimeFeeder feeder =
        new RealTimeFeeder(
            simulated.iterator(),
            new KafkaEventPublisher(producer, "clicks", "posts"),
            producer,
            clock,
            0);

    feeder.run();

    assertThat(decoded(producer.history()))
        .containsExactlyElementsOf(simulated.stream().map(SimulatedEvent::event).toList());
    assertThat(feeder.isLive()).isFalse();
  }

  @Test
  void refusesANegativeRate() {
    MockProducer<byte[], byte[]> producer = producer();
    assertThatThrownBy(
            () ->
                new RealTimeFeeder(
                    List.<SimulatedEvent>of().iterator(),
                    new KafkaEventPublisher(producer, "clicks", "posts"),
                    producer,
                    clock,
                    -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("live rate");
  }

  private RealTimeFeeder feeder(
      List<SimulatedEvent> events, MockProducer<byte[], byte[]> producer, double rate) {
    return new RealTimeFeeder(
        events.iterator(),
        new KafkaEventPublisher(producer, "clicks", "posts"),
        producer,
        clock,
        rate,
        pacer);
  }

  private static MockProducer<byte[], byte[]> producer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<SpecificRecord> decoded(List<ProducerRecord<byte[], byte[]>> records) {
    List<SpecificRecord> events = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      SpecificRecord event =
          record.topic().equals("clicks")
              ? WireCodec.clicks().decode(record.value()).value()
              : WireCodec.posts().decode(record.value()).value();
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(Topics.key(event));
      events.add(event);
    }
    return events;
  }
}
