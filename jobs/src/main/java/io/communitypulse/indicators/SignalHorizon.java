package io.communitypulse.indicators;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a day can no longer change, one rule for every indicator stage (docs/semantics.md, "When a
 * day is final"): a signal reaches the stages at most the indicator signal lateness behind the
 * watermark, so a day before the UTC day of {@code watermark − lateness} is final. Before the first
 * watermark and at the end of the input nothing is final yet, and nothing is dropped.
 */
public final class SignalHorizon implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long latenessMillis;

  public SignalHorizon(Duration lateness) {
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("signal lateness must not be negative");
    }
    this.latenessMillis = lateness.toMillis();
  }

  /** How far behind the watermark a signal can still arrive, in milliseconds. */
  public long latenessMillis() {
    return latenessMillis;
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
