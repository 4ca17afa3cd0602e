package io.communitypulse.simulator;

/**
 * How busy a community is at a given time: a smooth daily curve peaking at the community's busiest
 * UTC hour, never below a night-time floor, and quieter at weekends. Normalised so that a weekday's
 * average factor is 1, so rates per day keep their meaning.
 */
final class DailyRhythm {

  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 24 * HOUR_MS;

  /** Night-time activity relative to the peak. */
  static final double FLOOR = 0.12;

  static final double WEEKEND = 0.6;

  // The mean of ((1 + cos x) / 2)^2 over a day is 3/8.
  private static final double WEEKDAY_MEAN = FLOOR + (1 - FLOOR) * 3.0 / 8.0;

  private final int peakHourUtc;

  DailyRhythm(int peakHourUtc) {
    this.peakHourUtc = peakHourUtc;
  }

  int peakHourUtc() {
    return peakHourUtc;
  }

  double factor(long epochMillis) {
    double hour = Math.floorMod(epochMillis, DAY_MS) / (double) HOUR_MS;
    double wave = 0.5 + 0.5 * StrictMath.cos(2 * StrictMath.PI * (hour - peakHourUtc) / 24.0);
    double day = (FLOOR + (1 - FLOOR) * wave * wave) / WEEKDAY_MEAN;
    // 1970-01-01 was a Thursday: +3 makes Monday 0, so 5 and 6 are the weekend.
    int dayOfWeek = (int) Math.floorMod(Math.floorDiv(epochMillis, DAY_MS) + 3, 7L);
    return dayOfWeek >= 5 ? day * WEEKEND : day;
  }
}
