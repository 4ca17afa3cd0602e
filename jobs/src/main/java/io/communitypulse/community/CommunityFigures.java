package io.communitypulse.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The figures of one community document for one UTC day, from that day's {@link
 * CommunityDayTotals}, and their JSON form (docs/indicators.md defines each figure). Every field of
 * the mapping is written; the nullable ratios are written as JSON null when undefined.
 */
public final class CommunityFigures {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double MINUTE_MILLIS = 60_000.0;

  long day;
  long activeMembers1d;
  long activeMembers7d;
  long activeMembers28d;
  long visitors1d;
  long newMembers1d;
  Double stickiness;
  long creators;
  long contributors;
  long lurkers;
  long posts;
  long replies;
  long shares;
  Double responseRate24h;
  Double medianFirstResponseMinutes;
  Double reciprocity28d;
  long referralVisits;
  long referralConversions;
  double referralConversionValue;
  Double healthIndex;
  long promoted28d;
  long demoted28d;
  Double newcomerRetention28d;
  Double payItForward28d;
  Double responseRate24h7d;
  Double medianFirstResponseMinutes7d;
  long referralConversions28d;
  double referralConversionValue28d;
  String valueQuadrant;
  boolean isFinal;

  private CommunityFigures() {}

  /** The document id: {@code <community_id>/<yyyy-mm-dd>}. */
  public static String documentId(String communityId, long day) {
    return communityId + "/" + LocalDate.ofEpochDay(day);
  }

  /**
   * The figures of {@code day} from its totals and those of the days before it.
   *
   * @param totals the totals of each day (null: a day nothing reached, all zero); {@code day}'s and
   *     the seven before it are read
   * @param isFinal whether the day's figures can no longer change (but for late first responses)
   */
  static CommunityFigures of(
      String communityId,
      long day,
      LongFunction<CommunityDayTotals> totals,
      boolean isFinal,
      HealthSettings health,
      ValueThresholds value) {
    CommunityDayTotals own = totals.apply(day);
    CommunityDayTotals t = own == null ? CommunityDayTotals.empty(day) : own;
    CommunityFigures f = new CommunityFigures();
    f.day = day;
    f.isFinal = isFinal;
    f.activeMembers1d = t.get(CommunityCounter.ACTIVE_1D);
    f.activeMembers7d = t.get(CommunityCounter.ACTIVE_7D);
    f.activeMembers28d = t.get(CommunityCounter.ACTIVE_28D);
    f.visitors1d = t.get(CommunityCounter.VISITORS_1D);
    f.newMembers1d = t.get(CommunityCounter.NEW_MEMBERS);
    f.creators = t.get(CommunityCounter.CREATORS);
    f.contributors = t.get(CommunityCounter.CONTRIBUTORS);
    f.lurkers = t.get(CommunityCounter.LURKERS);
    f.posts = t.get(CommunityCounter.POSTS);
    f.replies = t.get(CommunityCounter.REPLIES);
    f.shares = t.get(CommunityCounter.SHARES);
    f.referralVisits = t.get(CommunityCounter.REFERRAL_VISITS);
    f.referralConversions = t.get(CommunityCounter.REFERRAL_CONVERSIONS);
    f.referralConversionValue =
        f.referralConversions == 0 ? 0 : micros(t, CommunityCounter.REFERRAL_CONVERSION_MICROS);
    f.referralConversions28d = t.get(CommunityCounter.REFERRAL_CONVERSIONS_28D);
    f.referralConversionValue28d =
        f.referralConversions28d == 0
            ? 0
            : micros(t, CommunityCounter.REFERRAL_CONVERSION_MICROS_28D);
    // Σ active_members_1d over the 28 days ending D is Σ over members of their active days there;
    // days before the first event count 0, as docs/indicators.md asks.
    f.stickiness =
        f.activeMembers28d == 0
            ? null
            : t.get(CommunityCounter.ACTIVE_DAYS_28D)
                / (double) Windows.LONG_DAYS
                / f.activeMembers28d;
    f.reciprocity28d =
        share(
            t.get(CommunityCounter.RECIPROCATED_PAIRS_28D),
            t.get(CommunityCounter.REPLY_PAIRS_28D));
    f.promoted28d = t.get(CommunityCounter.PROMOTED_28D);
    f.demoted28d = t.get(CommunityCounter.DEMOTED_28D);
    f.newcomerRetention28d =
        share(
            t.get(CommunityCounter.NEWCOMERS_RETAINED), t.get(CommunityCounter.NEWCOMERS_28D_AGO));
    f.payItForward28d =
        share(t.get(CommunityCounter.HELPED_PAID_FORWARD), t.get(CommunityCounter.HELPED_28D_AGO));
    f.responses(t);
    f.priorWeekResponses(day, totals);
    f.healthIndex =
        HealthIndex.of(
            f.stickiness,
            f.responseRate24h7d,
            f.medianFirstResponseMinutes7d,
            f.reciprocity28d,
            f.activeMembers28d == 0
                ? null
                : (f.creators + f.contributors) / (double) f.activeMembers28d,
            health);
    f.valueQuadrant = value.quadrant(communityId, f.healthIndex, f.referralConversions28d);
    return f;
  }

  private static double micros(CommunityDayTotals t, CommunityCounter counter) {
    return t.get(counter) / 1_000_000.0;
  }

  /** {@code part ÷ whole}, null when the whole is zero (never above 1). */
  private static Double share(long part, long whole) {
    return whole == 0 ? null : Math.min(part, whole) / (double) whole;
  }

  /**
   * response_rate_24h_7d and median_first_response_minutes_7d: the POSTs dated in the seven days
   * before {@code day}, whose answers within 24 h are all known by the time the day is read.
   */
  private void priorWeekResponses(long day, LongFunction<CommunityDayTotals> totals) {
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
    if (postsDated > 0) {
      responseRate24h7d = within24h.size() / (double) postsDated;
    }
    medianFirstResponseMinutes7d =
        median(within24h.stream().mapToLong(Long::longValue).sorted().toArray());
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

  private void responses(CommunityDayTotals t) {
    long[] responses =
        t.firstResponses.values().stream().mapToLong(Long::longValue).sorted().toArray();
    // A first response can overtake its POST's own count (another path): never above 1.
    long postsDated = Math.max(posts, responses.length);
    if (postsDated > 0) {
      long within24h = Arrays.stream(responses).filter(ms -> ms <= UtcDays.MILLIS).count();
      responseRate24h = within24h / (double) postsDated;
    }
    medianFirstResponseMinutes = median(responses);
  }

  /** The document, fields in the order of docs/indicators.md, undefined ratios as null. */
  ObjectNode document(String communityId) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("community_id", communityId);
    doc.put("day", LocalDate.ofEpochDay(day).toString());
    doc.put("active_members_1d", activeMembers1d);
    doc.put("active_members_7d", activeMembers7d);
    doc.put("active_members_28d", activeMembers28d);
    doc.put("visitors_1d", visitors1d);
    doc.put("new_members_1d", newMembers1d);
    doc.put("stickiness", stickiness);
    doc.put("creators", creators);
    doc.put("contributors", contributors);
    doc.put("lurkers", lurkers);
    doc.put("promoted_28d", promoted28d);
    doc.put("demoted_28d", demoted28d);
    doc.put("newcomer_retention_28d", newcomerRetention28d);
    doc.put("pay_it_forward_28d", payItForward28d);
    doc.put("posts", posts);
    doc.put("replies", replies);
    doc.put("shares", shares);
    doc.put("response_rate_24h", responseRate24h);
    doc.put("median_first_response_minutes", medianFirstResponseMinutes);
    doc.put("response_rate_24h_7d", responseRate24h7d);
    doc.put("median_first_response_minutes_7d", medianFirstResponseMinutes7d);
    doc.put("reciprocity_28d", reciprocity28d);
    doc.put("referral_visits", referralVisits);
    doc.put("referral_conversions", referralConversions);
    doc.put("referral_conversion_value", referralConversionValue);
    doc.put("referral_conversions_28d", referralConversions28d);
    doc.put("referral_conversion_value_28d", referralConversionValue28d);
    doc.put("health_index", healthIndex);
    doc.put("value_quadrant", valueQuadrant);
    doc.put("final", isFinal);
    return doc;
  }

  /** UTF-8 JSON bytes of the document. */
  byte[] toBytes(String communityId) {
    try {
      return MAPPER.writeValueAsBytes(document(communityId));
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises.
      throw new UncheckedIOException(e);
    }
  }
}
