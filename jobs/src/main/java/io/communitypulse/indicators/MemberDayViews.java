package io.communitypulse.indicators;

import io.communitypulse.community.CommunityCounter;
import io.communitypulse.community.CommunityDelta;
import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * What one member (or one visitor) contributes to the community documents of a run of days: for
 * each day D, whether they were active on D, in the 7- and 28-day active sets of D, their active
 * days in the 28 days ending D, their level on D, and their posts, replies and shares on D (the
 * member stage sends first days itself) (docs/semantics.md, "Two-phase community figures"). The
 * member stage computes these before and after applying a batch of signals and sends the
 * difference, so the community stage only adds counters.
 */
final class MemberDayViews {

  private final long firstDay;
  private final long[][] views;

  private MemberDayViews(long firstDay, long[][] views) {
    this.firstDay = firstDay;
    this.views = views;
  }

  /**
   * The views of days {@code from..to} from a member's daily tallies.
   *
   * @param visitor true for a visitor actor, who only counts in visitors_1d
   */
  static MemberDayViews of(
      NavigableMap<Long, DailyTally> tallies,
      long from,
      long to,
      boolean visitor,
      IndicatorSettings settings) {
    int n = (int) (to - from + 1);
    long[][] views = new long[Math.max(n, 0)][];
    if (n <= 0) {
      return new MemberDayViews(from, views);
    }
    long base = from - Windows.LONG_DAYS + 1;
    int len = (int) (to - base + 1);
    // Prefix sums over [base, to]: index i + 1 holds the sum of days base..base + i.
    long[] active = new long[len + 1];
    long[] posts = new long[len + 1];
    long[] replies = new long[len + 1];
    long[] reactions = new long[len + 1];
    long[] shares = new long[len + 1];
    long[] answers = new long[len + 1];
    long[] dayPosts = new long[len];
    long[] dayReplies = new long[len];
    long[] dayShares = new long[len];
    boolean[] dayActive = new boolean[len];
    for (Map.Entry<Long, DailyTally> e : tallies.subMap(base, true, to, true).entrySet()) {
      int i = (int) (e.getKey() - base);
      DailyTally t = e.getValue();
      dayActive[i] = t.isActive();
      dayPosts[i] = nonNegative(t.sum(Field.POSTS));
      dayReplies[i] = nonNegative(t.sum(Field.REPLIES));
      dayShares[i] = nonNegative(t.sum(Field.SHARES));
      // Window sums net withdrawals across days first and floor the total at zero, as the
      // member document's windows do (WindowTotals), so levels agree with the document.
      reactions[i + 1] = Math.round(t.sum(Field.REACTIONS_GIVEN));
      answers[i + 1] = Math.round(t.sum(Field.ANSWERS_ACCEPTED));
      posts[i + 1] = Math.round(t.sum(Field.POSTS));
      replies[i + 1] = Math.round(t.sum(Field.REPLIES));
      shares[i + 1] = Math.round(t.sum(Field.SHARES));
    }
    for (int i = 0; i < len; i++) {
      active[i + 1] = active[i] + (dayActive[i] ? 1 : 0);
      posts[i + 1] += posts[i];
      replies[i + 1] += replies[i];
      reactions[i + 1] += reactions[i];
      shares[i + 1] += shares[i];
      answers[i + 1] += answers[i];
    }
    // The level rules read only these sums; the other fields stay zero.
    double[] sums = new double[Field.values().length];
    for (int k = 0; k < n; k++) {
      int i = (int) (from + k - base); // index of day D
      long[] v = new long[CommunityCounter.COUNT];
      views[k] = v;
      if (visitor) {
        v[CommunityCounter.VISITORS_1D.ordinal()] = dayActive[i] ? 1 : 0;
        continue;
      }
      int lo28 = i - Windows.LONG_DAYS + 1; // >= 0 by construction
      int lo7 = i - Windows.SHORT_DAYS + 1;
      long activeDays28 = active[i + 1] - active[lo28];
      v[CommunityCounter.ACTIVE_1D.ordinal()] = dayActive[i] ? 1 : 0;
      v[CommunityCounter.ACTIVE_7D.ordinal()] = active[i + 1] - active[lo7] > 0 ? 1 : 0;
      v[CommunityCounter.ACTIVE_28D.ordinal()] = activeDays28 > 0 ? 1 : 0;
      v[CommunityCounter.ACTIVE_DAYS_28D.ordinal()] = activeDays28;
      sums[Field.ACTIVE.ordinal()] = activeDays28;
      sums[Field.POSTS.ordinal()] = posts[i + 1] - posts[lo28];
      sums[Field.REPLIES.ordinal()] = replies[i + 1] - replies[lo28];
      sums[Field.REACTIONS_GIVEN.ordinal()] = reactions[i + 1] - reactions[lo28];
      sums[Field.SHARES.ordinal()] = shares[i + 1] - shares[lo28];
      sums[Field.ANSWERS_ACCEPTED.ordinal()] = answers[i + 1] - answers[lo28];
      WindowTotals d28 = WindowTotals.ofValues(sums);
      switch (MemberScores.level(d28, settings)) {
        case CREATOR -> v[CommunityCounter.CREATORS.ordinal()] = 1;
        case CONTRIBUTOR -> v[CommunityCounter.CONTRIBUTORS.ordinal()] = 1;
        case LURKER -> v[CommunityCounter.LURKERS.ordinal()] = 1;
        case DORMANT -> {}
      }
      v[CommunityCounter.POSTS.ordinal()] = dayPosts[i];
      v[CommunityCounter.REPLIES.ordinal()] = dayReplies[i];
      v[CommunityCounter.SHARES.ordinal()] = dayShares[i];
    }
    return new MemberDayViews(from, views);
  }

  /** Sends, per day, {@code after − before} when it is not zero. Both must cover the same days. */
  static void emitChanges(
      String communityId,
      MemberDayViews before,
      MemberDayViews after,
      Consumer<CommunityDelta> out) {
    for (int k = 0; k < after.views.length; k++) {
      CommunityDelta d = null;
      long[] b = before.views[k];
      long[] a = after.views[k];
      for (int c = 0; c < a.length; c++) {
        long change = a[c] - b[c];
        if (change != 0) {
          if (d == null) {
            d = CommunityDelta.of(communityId, after.firstDay + k);
          }
          d.counts[c] = change;
        }
      }
      if (d != null) {
        out.accept(d);
      }
    }
  }

  private static long nonNegative(double sum) {
    return Math.max(0, Math.round(sum));
  }
}
