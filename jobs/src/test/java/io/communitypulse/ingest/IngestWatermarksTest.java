package io.communitypulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class IngestWatermarksTest {

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);
  private static final Duration IDLE = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final IngestWatermarks.Generator generator =
      new IngestWatermarks.Generator(OUT_OF_ORDERNESS.toMillis(), IDLE.toMillis(), clock);
  private final RecordingOutput output = new RecordingOutput();

  @Test
  void followsTheHighestEventTimeMinusTheOutOfOrderness() {
    event(NOW.minusSeconds(60));
    event(NOW.minusSeconds(120)); // out of order: does not move the watermark back
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(NOW.minusSeconds(70).toEpochMilli() - 1);
  }

  @Test
  void deadLettersNeverAdvanceTheWatermark() {
    event(NOW.minusSeconds(600));
    DecodedInput letter =
        DecodedInput.ofDeadLetter(
            DeadLetter.newBuilder()
                .setOriginal(ByteBuffer.allocate(0))
                .setReason(RejectReason.BAD_MAGIC)
                .setMessage("x")
                .setFailedAt(NOW)
                .build());
    generator.onEvent(letter, Long.MAX_VALUE - 1, output);
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(NOW.minusSeconds(610).toEpochMilli() - 1);
  }

  @Test
  void anEventFromTheFutureAdvancesTheWatermarkOnlyToTheWallClock() {
    event(NOW.plus(Duration.ofHours(20)));
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(NOW.minus(OUT_OF_ORDERNESS).toEpochMilli() - 1);
  }

  @Test
  void aQuietPartitionFollowsTheWallClockFromItsLastEvent() {
    event(NOW.minusSeconds(3600));
    generator.onPeriodicEmit(output);
    long beforeQuiet = output.last();

    clock.advance(IDLE.plusMinutes(30));
    generator.onPeriodicEmit(output);

    assertThat(output.last() - beforeQuiet).isEqualTo(IDLE.plusMinutes(30).toMillis());
  }

  @Test
  void aPartitionThatNeverSawAnEventGoesIdleInsteadOfJumpingToTheWallClock() {
    generator.onPeriodicEmit(output);
    assertThat(output.idleMarks).isZero();

    clock.advance(IDLE);
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).isEmpty();
    assertThat(output.idleMarks).isEqualTo(1);
  }

  @Test
  void aBacklogReadAfterAnIdleStartIsOnTime() {
    clock.advance(IDLE.multipliedBy(10)); // e.g. the broker was down after a restore
    generator.onPeriodicEmit(output);

    event(NOW.minusSeconds(30 * 24 * 3600)); // the backlog: a month old
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks)
        .containsExactly(
            NOW.minusSeconds(30 * 24 * 3600).toEpochMilli() - OUT_OF_ORDERNESS.toMillis() - 1);
  }

  @Test
  void neverEmitsAWatermarkLowerThanBefore() {
    event(NOW.minusSeconds(60));
    clock.advance(IDLE.plusMinutes(5));
    generator.onPeriodicEmit(output); // follows the wall clock from the last event
    event(NOW.minusSeconds(7200)); // an old event afterwards
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).isSorted().hasSize(1);
  }

  private void event(Instant at) {
    ClickEvent click =
        ClickEvent.newBuilder()
            .setEventId("e")
            .setCommunityId("c")
            .setOccurredAt(at)
            .setAnonymousId("a")
            .setType(ClickType.PAGE_VIEW)
            .build();
    generator.onEvent(DecodedInput.ofClick(click, "t", 0, 0), at.toEpochMilli(), output);
  }

  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    int idleMarks;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      idleMarks++;
    }

    @Override
    public void markActive() {}

    long last() {
      return watermarks.get(watermarks.size() - 1);
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
