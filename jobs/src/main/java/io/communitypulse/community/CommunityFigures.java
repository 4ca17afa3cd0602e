package io.communitypulse.community;

import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The figures of one community for one UTC day, from that day's {@link CommunityDayTotals} and
 * those of the seven days before it, as its {@link CommunityDocument} (docs/indicators.md defines
 * each figure).
 */
final class CommunityFigures {

  private static final double MINUTE_MILLIS = 60_000.0;

  private CommunityFigures() {}

  /**
   * The document of {@code day} from its totals and those of the days before it.
   *
   * @param totals the totals of each day (null: a day nothing reached, all zero); {@code day}'s and
   *     the seven before it are read
   * @param isFinal whether the day's figures can no longer change (but for late first responses)
   */
  static CommunityDocument of(
      String communityId,
      long day,
      LongFunction<CommunityDayTotals> totals,
      boolean isFinal,
      HealthSettings health,
      ValueThresholds value) {
    CommunityDayTotals own = totals.apply(day);
    CommunityDayTotals t = own == null ? CommunityDayTotals.empty(day) : own;
    long activeMembers28d = t.get(CommunityCounter.ACTIVE_28D);
    long creators = t.get(CommunityCounter.CREATORS);
    long contributors = t.get(CommunityCounter.CONTRIBUTORS);
    long posts = t.get(CommunityCounter.POSTS);
    long referralConversions = t.get(CommunityCounter.REFERRAL_CONVERSIONS);
    long referralConversions28d = t.get(CommunityCounter.REFERRAL_CONVERSIONS_28D);
    // Σ active_members_1d over the 28 days ending D is Σ over members of their active days there;
    // days before the first event count 0, as docs/indicators.md asks.
    Double stickiness =
        activeMembers28d == 0
            ? null
            : t.get(CommunityCounter.ACTIVE_DAYS_28D)
                / (double) Windows.LONG_DAYS
                / activeMembers28d;
    Double reciprocity28d =
        share(
            t.get(CommunityCounter.RECIPROCATED_PAIRS_28D),
            t.get(CommunityCounter.REPLY_PAIRS_28D));
    Responses sameDay = responses(t, posts);
    Responses priorWeek = priorWeekResponses(day, totals);
    Double healthIndex =
        HealthIndex.of(
            stickiness,
            priorWeek.rate(),
            priorWeek.medianMinutes(),
            reciprocity28d,
            activeMembers28d == 0 ? null : (creators + contributors) / (double) activeMembers28d,
            health);
    return new CommunityDocument(
        communityId,
        LocalDate.ofEpochDay(day).toString(),
        t.get(CommunityCounter.ACTIVE_1D),
        t.get(CommunityCounter.ACTIVE_7D),
        activeMembers28d,
        t.get(CommunityCounter.VISITORS_1D),
        t.get(CommunityCounter.NEW_MEMBERS),
        stickiness,
        creators,
        contributors,
        t.get(CommunityCounter.LURKERS),
        t.get(CommunityCounter.PROMOTED_28D),
        t.get(CommunityCounter.DEMOTED_28D),
        share(
            t.get(CommunityCounter.NEWCOMERS_RETAINED), t.get(CommunityCounter.NEWCOMERS_28D_AGO)),
        share(t.get(CommunityCounter.HELPED_PAID_FORWARD), t.get(CommunityCounter.HELPED_28D_AGO)),
        posts,
        t.get(CommunityCounter.REPLIES),
        t.get(CommunityCounter.SHARES),
        sameDay.rate(),
        sameDay.medianMinutes(),
        priorWeek.rate(),
        priorWeek.medianMinutes(),
        reciprocity28d,
        t.get(CommunityCounter.REFERRAL_VISITS),
        referralConversions,
        referralConversions == 0 ? 0 : micros(t, CommunityCounter.REFERRAL_CONVERSION_MICROS),
        referralConversions28d,
        referralConversions28d == 0
            ? 0
            : micros(t, CommunityCounter.REFERRAL_CONVERSION_MICROS_28D),
        healthIndex,
        value.quadrant(communityId, healthIndex, referralConversions28d),
        isFinal);
  }

  /** A response rate within 24 h and a median first response in minutes, each null if undefined. */
  private record Responses(Double rate, Double medianMinutes) {}

  private static double micros(CommunityDayTotals t, CommunityCounter counter) {
    return t.get(counter) / 1_000_000.0;
  }

  /** {@code part ÷ whole}, null when the whole is zero (never above 1). */
  private static Double share(long part, long whole) {
    return whole == 0 ? null : Math.min(part, whole) / (double) whole;
  }

  /** response_rate_24h and median_first_response_minutes: the POSTs dated on the day itself. */
  private static Responses responses(CommunityDayTotals t, long posts) {
    long[] responses =
        t.firstResponses.values().stream().mapToLong(Long::longValue).sorted().toArray();
    // A first response can overtake its POST's own count (another path): never above 1.
    long postsDated = Math.max(posts, responses.length);
    Double rate = null;
    if (postsDated > 0) {
      long within24h = Arrays.stream(responses).filter(ms -> ms <= UtcDays.MILLIS).count();
      rate = within24h / (double) postsDated;
    }
    return new Responses(rate, median(responses));
  }

  /**
   * response_rate_24h_7d and median_first_response_minutes_7d: the POSTs dated in the seven days
   * before {@code day}, whose answers within 24 h are all known by the time the day is read.
   */
  private static Responses priorWeekResponses(long day, LongFunction<CommunityDayTotals> totals) {
    long postsDated = 0;
    List<Long> within24h = new ArrayList<>();
    for (long d = day - Windows.SHORT_DAYS; d < day; d++) {
      CommunityDayTotals t = totals.apply(d);
      if (t == null) {
        continue;
      }
      postsDated += Math.max(t.get(CommunityCounter.POSTS), t.firstResponses.size());
      for (long ms : t.firstResponses.values()) {
        if (ms <= UtcDays.MILLIS) {
          within24h.add(ms);
        }
      }
    }
    Double rate = postsDated > 0 ? within24h.size() / (double) postsDated : null;
    return new Responses(
        rate, median(within24h.stream().mapToLong(Long::longValue).sorted().toArray()));
  }

  /** The median in minutes of sorted times in ms (the mean of the middle two); null when none. */
  private static Double median(long[] sortedMillis) {
    if (sortedMillis.length == 0) {
      return null;
    }
    int mid = sortedMillis.length / 2;
    double medianMillis =
        sortedMillis.length % 2 == 1
            ? sortedMillis[mid]
            : (sortedMillis[mid - 1] + (double) sortedMillis[mid]) / 2;
    return medianMillis / MINUTE_MILLIS;
  }
}
