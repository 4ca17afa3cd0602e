package io.communitypulse.indicators;

import io.communitypulse.community.CommunityCounter;
import io.communitypulse.community.CommunityDelta;
import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * What one member (or one visitor) contributes to the community documents of a run of days: for
 * each day D, whether they were active on D or new on D (a stay of theirs starts), in the 7- and
 * 28-day active sets of D, their active days in the 28 days ending D, their level on D, and their
 * posts, replies and shares on D; and the growth facts that compare D with D−28: promoted or
 * demoted, in D's newcomer cohort and retained, helped in D−55..D−28 and paying it forward
 * (docs/semantics.md, "Two-phase community figures"). The member stage computes these before and
 * after applying a batch of signals and sends the difference, so the community stage only adds
 * counters.
 */
final class MemberDayViews {

  private static final int COUNT = CommunityCounter.COUNT;

  private final long firstDay;

  /** The counters of day {@code firstDay + k} at {@code [k * COUNT, (k + 1) * COUNT)}. */
  private final long[] views;

  private MemberDayViews(long firstDay, long[] views) {
    this.firstDay = firstDay;
    this.views = views;
  }

  /**
   * The views of days {@code from..to} from a member's daily tallies.
   *
   * @param visitor true for a visitor actor, who only counts in visitors_1d
   * @param stayStarts the first own event of each of the member's stays, oldest first (a member is
   *     new on the day each stay starts)
   */
  static MemberDayViews of(
      NavigableMap<Long, DailyTally> tallies,
      long from,
      long to,
      boolean visitor,
      long[] stayStarts,
      IndicatorSettings settings) {
    int n = (int) Math.max(0, to - from + 1);
    long[] views = new long[n * COUNT];
    if (n == 0) {
      return new MemberDayViews(from, views);
    }
    if (visitor) {
      for (int k = 0; k < n; k++) {
        DailyTally t = tallies.get(from + k);
        views[k * COUNT + CommunityCounter.VISITORS_1D.ordinal()] =
            t != null && t.isActive() ? 1 : 0;
      }
      return new MemberDayViews(from, views);
    }
    long[] startDays = new long[stayStarts.length];
    for (int j = 0; j < stayStarts.length; j++) {
      startDays[j] = UtcDays.of(stayStarts[j]);
    }
    Sums sums = new Sums(tallies, from - Windows.GROWTH_DAYS + 1, to);
    // The level of every day from D−28 of the first day on, each computed once.
    MemberLevel[] levels = new MemberLevel[sums.length];
    for (int i = Windows.LONG_DAYS - 1; i < sums.length; i++) {
      levels[i] = sums.level(i, settings);
    }
    // Index of day D in the sums is D − base; D's window is [i − 27, i], D−28's [i − 55, i − 28].
    for (int k = 0; k < n; k++) {
      long day = from + k;
      int i = (int) (day - sums.base);
      int then = i - Windows.LONG_DAYS;
      int v = k * COUNT;
      long activeDays28 = sums.activeDays(i, Windows.LONG_DAYS);
      views[v + CommunityCounter.ACTIVE_1D.ordinal()] = sums.dayActive[i] ? 1 : 0;
      views[v + CommunityCounter.ACTIVE_7D.ordinal()] =
          sums.activeDays(i, Windows.SHORT_DAYS) > 0 ? 1 : 0;
      views[v + CommunityCounter.ACTIVE_28D.ordinal()] = activeDays28 > 0 ? 1 : 0;
      views[v + CommunityCounter.ACTIVE_DAYS_28D.ordinal()] = activeDays28;
      MemberLevel level = levels[i];
      switch (level) {
        case CREATOR -> views[v + CommunityCounter.CREATORS.ordinal()] = 1;
        case CONTRIBUTOR -> views[v + CommunityCounter.CONTRIBUTORS.ordinal()] = 1;
        case LURKER -> views[v + CommunityCounter.LURKERS.ordinal()] = 1;
        case DORMANT -> {}
      }
      views[v + CommunityCounter.POSTS.ordinal()] = sums.dayPosts[i];
      views[v + CommunityCounter.REPLIES.ordinal()] = sums.dayReplies[i];
      views[v + CommunityCounter.SHARES.ordinal()] = sums.dayShares[i];

      MemberLevel earlier = levels[then];
      views[v + CommunityCounter.PROMOTED_28D.ordinal()] = level.isAbove(earlier) ? 1 : 0;
      views[v + CommunityCounter.DEMOTED_28D.ordinal()] = earlier.isAbove(level) ? 1 : 0;
      for (long start : startDays) {
        if (start == day) {
          views[v + CommunityCounter.NEW_MEMBERS.ordinal()] = 1;
        }
        if (start >= day - Windows.GROWTH_DAYS + 1 && start <= day - Windows.LONG_DAYS) {
          views[v + CommunityCounter.NEWCOMERS_28D_AGO.ordinal()] = 1;
          views[v + CommunityCounter.NEWCOMERS_RETAINED.ordinal()] = activeDays28 > 0 ? 1 : 0;
        }
      }
      if (Sums.window(sums.received, then, Windows.LONG_DAYS) > 0) {
        views[v + CommunityCounter.HELPED_28D_AGO.ordinal()] = 1;
        views[v + CommunityCounter.HELPED_PAID_FORWARD.ordinal()] =
            Sums.window(sums.helpingDays, i, Windows.LONG_DAYS) > 0 ? 1 : 0;
      }
    }
    return new MemberDayViews(from, views);
  }

  /** Sends, per day, {@code after − before} when it is not zero. Both must cover the same days. */
  static void emitChanges(
      String communityId,
      MemberDayViews before,
      MemberDayViews after,
      Consumer<CommunityDelta> out) {
    int n = after.views.length / COUNT;
    for (int k = 0; k < n; k++) {
      CommunityDelta d = null;
      for (int c = 0; c < COUNT; c++) {
        long change = after.views[k * COUNT + c] - before.views[k * COUNT + c];
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

  /**
   * Per-day figures and prefix sums over the days {@code base..to}: index {@code i + 1} of a prefix
   * array holds the sum of days {@code base..base + i}.
   */
  private static final class Sums {
    final long base;
    final int length;
    final boolean[] dayActive;
    final long[] dayPosts;
    final long[] dayReplies;
    final long[] dayShares;
    final long[] active;
    final long[] posts;
    final long[] replies;
    final long[] reactions;
    final long[] shares;
    final long[] answers;

    /** Replies received from other members (help received). */
    final long[] received;

    /** Days with a reply to another member (help given). */
    final long[] helpingDays;

    Sums(NavigableMap<Long, DailyTally> tallies, long base, long to) {
      this.base = base;
      int len = (int) (to - base + 1);
      this.length = len;
      dayActive = new boolean[len];
      dayPosts = new long[len];
      dayReplies = new long[len];
      dayShares = new long[len];
      active = new long[len + 1];
      posts = new long[len + 1];
      replies = new long[len + 1];
      reactions = new long[len + 1];
      shares = new long[len + 1];
      answers = new long[len + 1];
      received = new long[len + 1];
      helpingDays = new long[len + 1];
      for (Map.Entry<Long, DailyTally> e : tallies.subMap(base, true, to, true).entrySet()) {
        int i = (int) (e.getKey() - base);
        DailyTally t = e.getValue();
        dayActive[i] = t.isActive();
        dayPosts[i] = Math.max(0, Math.round(t.sum(Field.POSTS)));
        dayReplies[i] = Math.max(0, Math.round(t.sum(Field.REPLIES)));
        dayShares[i] = Math.max(0, Math.round(t.sum(Field.SHARES)));
        // Window sums net withdrawals across days first and floor the total at zero, as the
        // member document's windows do (WindowTotals), so levels agree with the document.
        active[i + 1] = dayActive[i] ? 1 : 0;
        posts[i + 1] = Math.round(t.sum(Field.POSTS));
        replies[i + 1] = Math.round(t.sum(Field.REPLIES));
        reactions[i + 1] = Math.round(t.sum(Field.REACTIONS_GIVEN));
        shares[i + 1] = Math.round(t.sum(Field.SHARES));
        answers[i + 1] = Math.round(t.sum(Field.ANSWERS_ACCEPTED));
        received[i + 1] = Math.round(t.sum(Field.REPLIES_RECEIVED));
        helpingDays[i + 1] = t.sum(Field.MEMBER_HELPED) > 0 ? 1 : 0;
      }
      for (long[] prefix :
          new long[][] {
            active, posts, replies, reactions, shares, answers, received, helpingDays
          }) {
        for (int i = 0; i < len; i++) {
          prefix[i + 1] += prefix[i];
        }
      }
    }

    /** The sum of a prefix array over the {@code days} days ending at index {@code i}. */
    static long window(long[] prefix, int i, int days) {
      return prefix[i + 1] - prefix[Math.max(0, i - days + 1)];
    }

    long activeDays(int i, int days) {
      return window(active, i, days);
    }

    /** The level on the day at index {@code i} (its 28-day window must lie inside the sums). */
    MemberLevel level(int i, IndicatorSettings settings) {
      int d = Windows.LONG_DAYS;
      return MemberScores.level(
          Math.max(0, window(posts, i, d)),
          Math.max(0, window(replies, i, d)),
          Math.max(0, window(reactions, i, d)),
          Math.max(0, window(shares, i, d)),
          Math.max(0, window(answers, i, d)),
          activeDays(i, d),
          settings);
    }
  }
}
