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

  /**
   * Times of this day's own events to their net count (zero entries removed), so that a withdrawn
   * event no longer moves first_seen / last_seen.
   */
  public Map<Long, Integer> ownEvents = new HashMap<>();

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
    sums[field.ordinal()] += Math.round(delta * scale(field));
  }

  /**
   * Fractional fields are summed as whole numbers of a small unit (milliseconds of session time,
   * millionths of money), so that adding and withdrawing the same values in any order gives the
   * same bits: floating-point sums depend on their order, and replays must not change documents.
   */
  private static double scale(Field field) {
    return switch (field) {
      case SESSION_MINUTES -> 60_000.0;
      case REFERRAL_CONVERSION_VALUE -> 1_000_000.0;
      default -> 1.0;
    };
  }

  /** Records (delta +1) or withdraws (-1) an own event at {@code eventAt}. */
  public void ownEvent(long eventAt, double delta) {
    int n = (int) Math.round(delta);
    if (n != 0) {
      ownEvents.merge(eventAt, n, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /**
   * Keeps only the day's first and last own event: once the day is final no withdrawal can reach
   * it, and first_seen / last_seen need no more. A busy member's day otherwise holds one entry per
   * event for the 28 days its tally is kept. Returns whether anything was dropped.
   */
  public boolean compactOwnEvents() {
    if (ownEvents.size() <= 2) {
      return false;
    }
    Long first = firstOwnEvent();
    Long last = lastOwnEvent();
    ownEvents.clear();
    if (first != null) {
      ownEvents.put(first, 1);
      ownEvents.put(last, 1);
    }
    return true;
  }

  /** The times of the day's own events still standing, in order (each time once). */
  public long[] ownEventTimes() {
    return ownEvents.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .mapToLong(Map.Entry::getKey)
        .sorted()
        .toArray();
  }

  /** The earliest own event of the day still standing, or null. */
  public Long firstOwnEvent() {
    return ownEvents.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(Map.Entry::getKey)
        .min(Long::compare)
        .orElse(null);
  }

  /** The latest own event of the day still standing, or null. */
  public Long lastOwnEvent() {
    return ownEvents.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(Map.Entry::getKey)
        .max(Long::compare)
        .orElse(null);
  }

  /**
   * The day's sum of a field ({@link Field#MEMBER_HELPED}: members helped with a positive count).
   */
  public double sum(Field field) {
    if (field == Field.MEMBER_HELPED) {
      return helped.values().stream().filter(n -> n > 0).count();
    }
    return field.ordinal() < sums.length ? sums[field.ordinal()] / scale(field) : 0;
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
    return helped.isEmpty() && ownEvents.isEmpty();
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
