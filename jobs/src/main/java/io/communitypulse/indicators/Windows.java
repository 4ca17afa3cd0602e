package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.util.HashSet;
import java.util.Set;

/**
 * The rolling windows of docs/indicators.md: the {@code days} UTC days ending with (and including)
 * the as-of day. Sums each field over the daily tallies inside the window, counts active days, and
 * takes the distinct union of helped members (a member helped on two days counts once).
 */
public final class Windows {

  /** The short window ({@code d7}). */
  public static final int SHORT_DAYS = 7;

  /** The long window ({@code d28}), which also drives scores, level and state retention. */
  public static final int LONG_DAYS = 28;

  /**
   * The days a growth figure reads: the 28-day window ending D and the one ending D−28 (level and
   * engagement 28 days ago, promotions, newcomer cohorts, pay-it-forward), so D−55..D.
   */
  public static final int GROWTH_DAYS = 2 * LONG_DAYS;

  private Windows() {}

  /** True when {@code day} is one of the {@code days} days ending with {@code asOfDay}. */
  public static boolean contains(long asOfDay, int days, long day) {
    return day <= asOfDay && day > asOfDay - days;
  }

  /** The totals of the tallies inside the window; tallies outside it are ignored. */
  public static WindowTotals totals(Iterable<DailyTally> tallies, long asOfDay, int days) {
    double[] sums = new double[Field.values().length];
    Set<String> helped = new HashSet<>();
    int activeDays = 0;
    for (DailyTally t : tallies) {
      if (!contains(asOfDay, days, t.day)) {
        continue;
      }
      for (Field f : Field.values()) {
        if (f != Field.ACTIVE && f != Field.MEMBER_HELPED) {
          sums[f.ordinal()] += t.sum(f);
        }
      }
      if (t.isActive()) {
        activeDays++;
      }
      // A withdrawal carries the day of the reply it withdraws, so per-day counts net out.
      t.helped.forEach(
          (member, n) -> {
            if (n > 0) {
              helped.add(member);
            }
          });
    }
    sums[Field.ACTIVE.ordinal()] = activeDays;
    sums[Field.MEMBER_HELPED.ordinal()] = helped.size();
    return WindowTotals.ofValues(sums);
  }
}
