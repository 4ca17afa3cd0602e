package io.communitypulse.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.indicators.MemberLevel;
import io.communitypulse.indicators.MemberScores;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.indicators.WindowTotals;
import io.communitypulse.indicators.Windows;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The figures of one community document (SPEC §5) for one UTC day, computed from the day buckets of
 * the 28 days ending that day, and their JSON form. Every field of the mapping is written; the
 * nullable ratios are written as JSON null when undefined.
 *
 * <p>Levels use {@link MemberScores#level} on each member's 28-day sums, so they follow exactly the
 * rules (and configured thresholds) of the member documents. Negative net counts (a withdrawal that
 * overtook its signal) read as zero, as in the member stage.
 */
public final class CommunityFigures {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long DAY_HOURS_MILLIS = 86_400_000L;
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

  /** The figures of {@code day}; {@code buckets} holds (at least) the 28 days ending with it. */
  static CommunityFigures of(
      long day, NavigableMap<Long, CommunityDay> buckets, IndicatorSettings settings) {
    CommunityFigures f = new CommunityFigures();
    f.day = day;
    Map<Long, CommunityDay> window = buckets.subMap(day - Windows.LONG_DAYS + 1, true, day, true);
    Set<String> active7 = new HashSet<>();
    Map<String, long[]> perMember = new HashMap<>();
    Set<String> pairs = new HashSet<>();
    long activeDaySum = 0;
    for (CommunityDay b : window.values()) {
      boolean inShort = Windows.contains(day, Windows.SHORT_DAYS, b.day);
      for (Map.Entry<String, MemberDay> e : b.members.entrySet()) {
        MemberDay m = e.getValue();
        long[] sums = perMember.computeIfAbsent(e.getKey(), k -> new long[6]);
        if (m.isActive()) {
          sums[0]++;
          activeDaySum++;
          if (inShort) {
            active7.add(e.getKey());
          }
        }
        sums[1] += m.posts;
        sums[2] += m.replies;
        sums[3] += m.reactions;
        sums[4] += m.shares;
        sums[5] += m.answersAccepted;
      }
      b.pairs.forEach(
          (pair, n) -> {
            if (n > 0) {
              pairs.add(pair);
            }
          });
    }
    f.activeMembers7d = active7.size();
    for (Map.Entry<String, long[]> e : perMember.entrySet()) {
      long[] s = e.getValue();
      if (s[0] > 0) {
        f.activeMembers28d++;
      }
      MemberLevel level = MemberScores.level(totals(s), settings);
      switch (level) {
        case CREATOR -> f.creators++;
        case CONTRIBUTOR -> f.contributors++;
        case LURKER -> f.lurkers++;
        case DORMANT -> {}
      }
    }
    // Days before the first event have no bucket and count 0, as the SPEC asks.
    f.stickiness =
        f.activeMembers28d == 0
            ? null
            : activeDaySum / (double) Windows.LONG_DAYS / f.activeMembers28d;
    if (!pairs.isEmpty()) {
      long reciprocated =
          pairs.stream().filter(p -> pairs.contains(CommunityDay.reversePairKey(p))).count();
      f.reciprocity28d = reciprocated / (double) pairs.size();
    }
    CommunityDay today = buckets.get(day);
    if (today != null) {
      f.dayFigures(today);
    }
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

  private void dayFigures(CommunityDay today) {
    for (MemberDay m : today.members.values()) {
      if (m.isActive()) {
        activeMembers1d++;
      }
      posts += Math.max(0, m.posts);
      replies += Math.max(0, m.replies);
      shares += Math.max(0, m.shares);
    }
    visitors1d = today.visitors.values().stream().filter(n -> n > 0).count();
    newMembers1d = Math.max(0, today.newMembers);
    referralVisits = Math.max(0, today.referralVisits);
    referralConversions = Math.max(0, today.referralConversions);
    // Withdrawn values leave binary dust (20.1 + 30.2 - 20.1): six decimals, as member scores.
    referralConversionValue =
        referralConversions == 0 ? 0 : Math.round(today.referralConversionValue * 1e6) / 1e6;
    long[] responses =
        today.firstResponses.values().stream().mapToLong(Long::longValue).sorted().toArray();
    // A first response can overtake its POST's own-event signal (another path): never above 1.
    long postsDated = Math.max(posts, responses.length);
    if (postsDated > 0) {
      long within24h = Arrays.stream(responses).filter(ms -> ms <= DAY_HOURS_MILLIS).count();
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

  private static WindowTotals totals(long[] s) {
    return WindowTotals.zero()
        .with(Field.ACTIVE, s[0])
        .with(Field.POSTS, Math.max(0, s[1]))
        .with(Field.REPLIES, Math.max(0, s[2]))
        .with(Field.REACTIONS_GIVEN, Math.max(0, s[3]))
        .with(Field.SHARES, Math.max(0, s[4]))
        .with(Field.ANSWERS_ACCEPTED, Math.max(0, s[5]));
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
