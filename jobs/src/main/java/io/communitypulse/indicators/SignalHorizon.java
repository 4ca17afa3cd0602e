package io.communitypulse.indicators;

import io.communitypulse.ingest.EventTimeSettings;
import io.communitypulse.session.SessionSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * When a day can no longer change, one rule for every indicator stage (docs/semantics.md, "When a
 * day is final"): a signal reaches the stages at most the indicator signal lateness behind the
 * watermark, so a day before the UTC day of {@code watermark − lateness} is final. Before the first
 * watermark and at the end of the input nothing is final yet, and nothing is dropped. A community
 * document says so ({@code final}) once the watermark is {@link #finalAfterMillis()} past the end
 * of its day.
 */
public final class SignalHorizon implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long latenessMillis;
  private final long finalAfterMillis;

  /**
   * @param lateness how far behind the watermark a signal can still reach the indicator stages
   * @param finalAfter how long after the end of a day the watermark must be for the day's community
   *     figures to be final; never less than {@code lateness}
   */
  public SignalHorizon(Duration lateness, Duration finalAfter) {
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("signal lateness must not be negative");
    }
    if (finalAfter == null || finalAfter.compareTo(lateness) < 0) {
      throw new IllegalArgumentException("a day cannot be final before signals stop reaching it");
    }
    this.latenessMillis = lateness.toMillis();
    this.finalAfterMillis = finalAfter.toMillis();
  }

  /**
   * The job's horizon (docs/semantics.md, "When a day is final"): signals arrive up to {@link
   * SessionSettings#signalLateness} behind the watermark; a day is final once no signal can reach
   * it and a POST of its last minute can no longer be answered within 24 h, that answer arriving up
   * to the allowed lateness behind the watermark.
   */
  public static SignalHorizon of(SessionSettings sessions, EventTimeSettings eventTime) {
    Duration signals = sessions.signalLateness(eventTime);
    Duration answered = Duration.ofDays(1).plus(eventTime.allowedLateness());
    return new SignalHorizon(signals, answered.compareTo(signals) >= 0 ? answered : signals);
  }

  /** How far behind the watermark a signal can still arrive, in milliseconds. */
  public long latenessMillis() {
    return latenessMillis;
  }

  /** How far behind the watermark a signal can still arrive. */
  public Duration lateness() {
    return Duration.ofMillis(latenessMillis);
  }

  /** How long after the end of a day its community figures are final. */
  public Duration finalAfter() {
    return Duration.ofMillis(finalAfterMillis);
  }

  /** How long after the end of a day its community figures are final, in milliseconds. */
  public long finalAfterMillis() {
    return finalAfterMillis;
  }

  /** A watermark between the first one and the end of input: the horizon applies. */
  public static boolean isRunning(long watermark) {
    return watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE;
  }

  /** The earliest day a signal can still change at this (running) watermark. */
  public long openDay(long watermark) {
    return UtcDays.of(watermark - latenessMillis);
  }

  /** Whether a signal of {@code day} arriving at {@code watermark} comes too late to count. */
  public boolean isFinal(long day, long watermark) {
    return isRunning(watermark) && day < openDay(watermark);
  }

  /**
   * The earliest day whose tally a key must keep at this watermark: the first day of the window of
   * the earliest day that can still change. Every earlier day may be pruned.
   */
  public long firstKeptDay(long watermark) {
    return openDay(watermark) - Windows.LONG_DAYS + 1;
  }

  /**
   * The earliest day a member's tally must be kept at this watermark: growth figures of the
   * earliest open day read back {@link Windows#GROWTH_DAYS} days.
   */
  public long firstKeptGrowthDay(long watermark) {
    return openDay(watermark) - Windows.GROWTH_DAYS + 1;
  }
}
