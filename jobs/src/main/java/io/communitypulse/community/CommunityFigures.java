package io.communitypulse.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;

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

  private CommunityFigures() {}

  /** The document id: {@code <community_id>/<yyyy-mm-dd>}. */
  public static String documentId(String communityId, long day) {
    return communityId + "/" + LocalDate.ofEpochDay(day);
  }

  /** The figures of {@code day} from its totals (null: a day nothing reached, all zero). */
  static CommunityFigures of(long day, CommunityDayTotals totals) {
    CommunityDayTotals t = totals == null ? CommunityDayTotals.empty(day) : totals;
    CommunityFigures f = new CommunityFigures();
    f.day = day;
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
        f.referralConversions == 0
            ? 0
            : t.get(CommunityCounter.REFERRAL_CONVERSION_MICROS) / 1_000_000.0;
    // Σ active_members_1d over the 28 days ending D is Σ over members of their active days there;
    // days before the first event count 0, as docs/indicators.md asks.
    f.stickiness =
        f.activeMembers28d == 0
            ? null
            : t.get(CommunityCounter.ACTIVE_DAYS_28D)
                / (double) Windows.LONG_DAYS
                / f.activeMembers28d;
    long pairs = t.get(CommunityCounter.REPLY_PAIRS_28D);
    if (pairs > 0) {
      f.reciprocity28d = t.get(CommunityCounter.RECIPROCATED_PAIRS_28D) / (double) pairs;
    }
    f.responses(t);
    f.healthIndex =
        HealthIndex.of(
            f.stickiness,
            f.responseRate24h,
            f.medianFirstResponseMinutes,
            f.reciprocity28d,
            f.activeMembers28d == 0
                ? null
                : (f.creators + f.contributors) / (double) f.activeMembers28d);
    return f;
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
    if (responses.length > 0) {
      int mid = responses.length / 2;
      double medianMillis =
          responses.length % 2 == 1
              ? responses[mid]
              : (responses[mid - 1] + (double) responses[mid]) / 2;
      medianFirstResponseMinutes = medianMillis / MINUTE_MILLIS;
    }
  }

  /** The document, fields in SPEC order, undefined ratios as null. */
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
    doc.put("posts", posts);
    doc.put("replies", replies);
    doc.put("shares", shares);
    doc.put("response_rate_24h", responseRate24h);
    doc.put("median_first_response_minutes", medianFirstResponseMinutes);
    doc.put("reciprocity_28d", reciprocity28d);
    doc.put("referral_visits", referralVisits);
    doc.put("referral_conversions", referralConversions);
    doc.put("referral_conversion_value", referralConversionValue);
    doc.put("health_index", healthIndex);
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
