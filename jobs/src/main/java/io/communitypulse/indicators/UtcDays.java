package io.communitypulse.indicators;

/**
 * UTC days as epoch-day numbers, the one place the job defines a day: every count of
 * docs/indicators.md lands on the UTC day of its time, and every rolling window is a run of these
 * days.
 */
public final class UtcDays {

  /** Milliseconds in a UTC day (UTC has no daylight saving; leap seconds are smeared away). */
  public static final long MILLIS = 86_400_000L;

  private UtcDays() {}

  /** The UTC epoch day of an epoch-millisecond instant (floor, so pre-1970 times work too). */
  public static long of(long epochMillis) {
    return Math.floorDiv(epochMillis, MILLIS);
  }

  /** The first millisecond of {@code day}. */
  public static long start(long day) {
    return day * MILLIS;
  }
}
