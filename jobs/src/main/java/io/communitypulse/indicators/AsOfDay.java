package io.communitypulse.indicators;

/**
 * The as-of day of rolling indicators, one rule for members and communities (docs/indicators.md):
 * the UTC day of the watermark; at the end of a bounded input (the watermark jumps to the end of
 * time) the day of the input's latest accepted event when known, else the latest day this key has
 * seen; never earlier than the as-of day used before. {@link Long#MIN_VALUE} marks "none".
 */
public final class AsOfDay {

  private AsOfDay() {}

  /**
   * @param previous the as-of day used before, or {@link Long#MIN_VALUE}
   * @param watermark the current watermark (after the first one)
   * @param endOfInput the end-of-input as-of day of a bounded input, or null
   * @param latestDay the latest day this key has seen, for an input that ends without one
   */
  public static long of(long previous, long watermark, Long endOfInput, long latestDay) {
    long asOf;
    if (watermark != Long.MAX_VALUE) {
      asOf = UtcDays.of(watermark);
    } else {
      asOf = endOfInput != null ? endOfInput : latestDay;
    }
    return Math.max(previous, asOf);
  }
}
