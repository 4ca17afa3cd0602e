package io.communitypulse.indicators;

/**
 * The as-of day of rolling indicators (SPEC §5), one rule for members and communities: the UTC day
 * of the watermark; at the end of a bounded input (the watermark jumps to the end of time) the day
 * of the input's latest accepted event when known, else the latest day this key has seen; never
 * earlier than the as-of day used before.
 */
public final class AsOfDay {

  private static final long DAY_MILLIS = 86_400_000L;

  private AsOfDay() {}

  /**
   * @param previous the as-of day used before (or a very small number)
   * @param latestDay the latest day this key has seen
   * @param watermark the current watermark
   * @param endOfInput the end-of-input as-of day of a bounded input, or null
   */
  public static long of(long previous, long latestDay, long watermark, Long endOfInput) {
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      return Math.max(previous, Math.floorDiv(watermark, DAY_MILLIS));
    }
    if (watermark == Long.MAX_VALUE && endOfInput != null) {
      return Math.max(previous, endOfInput);
    }
    return Math.max(previous, latestDay);
  }
}
