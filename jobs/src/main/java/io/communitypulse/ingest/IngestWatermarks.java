package io.communitypulse.ingest;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark of every input partition: bounded out-of-orderness over accepted events, with a
 * processing-time fallback once a partition has been quiet for the idle timeout.
 *
 * <p>Why not {@code withIdleness}: it excludes an idle partition, but when <em>every</em> partition
 * is idle (quiet hours) the watermark stops and sessions never close. Here a quiet partition's
 * watermark instead follows the wall clock from its last event, so one idle partition does not hold
 * the others back for long and an all-quiet job still closes sessions. A partition (or the reader's
 * main output, which never sees a Kafka record) that has not seen a single event is marked idle
 * instead: it has no event time to follow, and jumping it to the wall clock would make a backlog it
 * has yet to read (after a restore or a broker outage, or in a replay of old data) late before it
 * arrives. Two further rules keep bad input from moving time: dead letters never advance the
 * watermark, and an event dated in the future (allowed up to 24 h for clock skew) advances it only
 * up to the wall clock, so one skewed device cannot make everyone else late.
 */
public final class IngestWatermarks {

  private IngestWatermarks() {}

  public static WatermarkStrategy<DecodedInput> strategy(EventTimeSettings settings) {
    return strategy(settings.outOfOrderness(), settings.idleTimeout(), Clock.systemUTC());
  }

  static WatermarkStrategy<DecodedInput> strategy(
      Duration outOfOrderness, Duration idleTimeout, Clock clock) {
    return WatermarkStrategy.<DecodedInput>forGenerator(
            ctx -> new Generator(outOfOrderness.toMillis(), idleTimeout.toMillis(), clock))
        .withTimestampAssigner(
            (input, previous) -> input.isDeadLetter() ? Long.MIN_VALUE : input.occurredAtMillis());
  }

  /**
   * For a stream without event time (erasure requests): always idle, so a stage it is broadcast to
   * takes its watermark from its other input alone, and no timestamp is taken from the records.
   */
  public static WatermarkStrategy<DecodedInput> idle() {
    return WatermarkStrategy.<DecodedInput>forGenerator(ctx -> new AlwaysIdle())
        .withTimestampAssigner((input, previous) -> Long.MIN_VALUE);
  }

  private static final class AlwaysIdle implements WatermarkGenerator<DecodedInput> {
    @Override
    public void onEvent(DecodedInput input, long timestamp, WatermarkOutput output) {
      output.markIdle();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }

  /** Per-partition generator; see the class comment. */
  static final class Generator implements WatermarkGenerator<DecodedInput> {
    private final long outOfOrderness;
    private final long idleTimeout;
    private final Clock clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallClock;
    private long lastEmitted = Long.MIN_VALUE;
    private boolean idle;

    Generator(long outOfOrderness, long idleTimeout, Clock clock) {
      this.outOfOrderness = outOfOrderness;
      this.idleTimeout = idleTimeout;
      this.clock = clock;
      this.lastEventWallClock = clock.millis();
    }

    @Override
    public void onEvent(DecodedInput input, long timestamp, WatermarkOutput output) {
      if (input.isDeadLetter()) {
        return;
      }
      long now = clock.millis();
      maxTimestamp = Math.max(maxTimestamp, Math.min(timestamp, now));
      lastEventWallClock = now;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long now = clock.millis();
      long candidate;
      if (maxTimestamp == Long.MIN_VALUE) {
        // No event time to follow (see the class comment); emitting later marks it active again.
        if (now - lastEventWallClock >= idleTimeout && !idle) {
          idle = true;
          output.markIdle();
        }
        return;
      } else if (now - lastEventWallClock >= idleTimeout) {
        long quietFor = now - lastEventWallClock;
        candidate = maxTimestamp + quietFor - outOfOrderness - 1;
      } else {
        candidate = maxTimestamp - outOfOrderness - 1;
      }
      if (candidate > lastEmitted) {
        lastEmitted = candidate;
        output.emitWatermark(new Watermark(candidate));
      }
    }
  }
}
