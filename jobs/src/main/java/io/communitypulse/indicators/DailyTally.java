package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One member's counters for one UTC day: the sum of every {@link Field}'s signals (for {@link
 * Field#ACTIVE} the number of own events, so the day is active when it is positive) and the
 * multiset of members helped that day, so that {@link Windows} can take the distinct union over a
 * window. Keeping per-day sums rather than events bounds a member's state by 28 small buckets.
 *
 * <p>A Flink POJO (state value of {@link MemberIndicators}). Sums are indexed by {@link
 * Field#ordinal()}; a tally written before a field was appended to the enum is padded on use.
 */
public class DailyTally {

  /** Below this a sum is treated as zero: withdrawn fractional minutes leave binary dust. */
  static final double EPSILON = 1e-9;

  public long day;

  /** Sums by {@link Field#ordinal()}; {@link Field#MEMBER_HELPED} is kept in {@link #helped}. */
  public double[] sums = new double[Field.values().length];

  /** Helped member id to the net number of replies to them this day; zero entries are removed. */
  public Map<String, Integer> helped = new HashMap<>();

  public DailyTally() {}

  public static DailyTally empty(long day) {
    DailyTally t = new DailyTally();
    t.day = day;
    return t;
  }

  /**
   * Adds one signal's delta. For {@link Field#MEMBER_HELPED} the delta is rounded to a whole count
   * of replies to {@code other}; a signal without {@code other} credits nobody.
   */
  public void add(Field field, double delta, String other) {
    if (field == Field.MEMBER_HELPED) {
      long n = Math.round(delta);
      if (other != null && n != 0) {
        helped.merge(other, (int) n, (a, b) -> a + b == 0 ? null : a + b);
      }
      return;
    }
    padded();
    sums[field.ordinal()] += delta;
  }

  /**
   * The day's sum of a field ({@link Field#MEMBER_HELPED}: members helped with a positive count).
   */
  public double sum(Field field) {
    if (field == Field.MEMBER_HELPED) {
      return helped.values().stream().filter(n -> n > 0).count();
    }
    return field.ordinal() < sums.length ? sums[field.ordinal()] : 0;
  }

  /** True when the member had an own event this day (net of withdrawals). */
  public boolean isActive() {
    return sum(Field.ACTIVE) > 0.5;
  }

  /** True when nothing is left: every sum is (numerically) zero and nobody was helped. */
  public boolean isEmpty() {
    for (double s : sums) {
      if (Math.abs(s) > EPSILON) {
        return false;
      }
    }
    return helped.isEmpty();
  }

  private void padded() {
    if (sums.length < Field.values().length) {
      sums = Arrays.copyOf(sums, Field.values().length);
    }
  }

  @Override
  public String toString() {
    return "day " + day + " " + Arrays.toString(sums) + " helped " + helped;
  }
}
