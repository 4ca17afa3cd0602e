package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * A plain re-statement of the community document of SPEC §5 and the health index of
 * docs/indicators.md, written from those texts and not from the job.
 */
public final class ReferenceCommunities {

  private static final long DAY = 86_400_000L;

  private ReferenceCommunities() {}

  /** Expected documents keyed by {@code community_id/yyyy-mm-dd}. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    List<Attributed> attributed = ReferenceSessions.attribute(accepted, gap, maxLength);
    long asOf = 0;
    Map<String, Long> firstDay = new HashMap<>(); // per community
    for (SpecificRecord e : accepted) {
      long day = Math.floorDiv(InputPlan.occurredAt(e), DAY);
      asOf = Math.max(asOf, day);
      firstDay.merge(InputPlan.communityId(e), day, Math::min);
    }
    Map<String, Set<String>> activeByDay = new HashMap<>(); // community/day -> members
    Map<String, Set<String>> visitorsByDay = new HashMap<>();
    Map<String, Long> memberFirstDay = new HashMap<>(); // community/member -> day
    for (Attributed a : attributed) {
      long day = Math.floorDiv(a.at(), DAY);
      String cd = a.communityId() + "/" + day;
      if (a.actor().startsWith("anon:")) {
        visitorsByDay.computeIfAbsent(cd, k -> new HashSet<>()).add(a.actor());
      } else {
        activeByDay.computeIfAbsent(cd, k -> new HashSet<>()).add(a.actor());
        memberFirstDay.merge(a.communityId() + "/" + a.actor(), day, Math::min);
      }
    }
    // Content: authors, first responses, reply pairs.
    Map<String, String> authors = new HashMap<>();
    for (SpecificRecord e : accepted) {
      if (e instanceof PostEvent p
          && (p.getType() == PostType.POST || p.getType() == PostType.REPLY)) {
        authors.putIfAbsent(p.getCommunityId() + "/" + p.getContentId(), p.getMemberId());
      }
    }
    Map<String, Long> firstReply = new HashMap<>(); // community/post content -> time
    List<Object[]> pairs = new ArrayList<>(); // community, day, replier, target
    for (SpecificRecord e : accepted) {
      if (e instanceof PostEvent p
          && p.getType() == PostType.REPLY
          && p.getParentContentId() != null) {
        String parent = p.getCommunityId() + "/" + p.getParentContentId();
        String parentAuthor = authors.get(parent);
        String target = p.getTargetMemberId() != null ? p.getTargetMemberId() : parentAuthor;
        long at = p.getOccurredAt().toEpochMilli();
        if (parentAuthor != null && !parentAuthor.equals(p.getMemberId())) {
          firstReply.merge(parent, at, Math::min);
        }
        if (target != null && !target.equals(p.getMemberId())) {
          pairs.add(
              new Object[] {p.getCommunityId(), Math.floorDiv(at, DAY), p.getMemberId(), target});
        }
      }
    }
    // Referral sessions and the conversions inside them.
    Map<String, long[]> referralVisits = new HashMap<>(); // community/day -> visits
    Map<String, double[]> referralConversions = new HashMap<>(); // community/day -> count, value
    for (List<Attributed> session : ReferenceSessions.split(attributed, gap, maxLength)) {
      Attributed first = session.get(0);
      String referrer = null;
      for (Attributed a : session) {
        if (a.event() instanceof ClickEvent c && c.getReferredBy() != null) {
          referrer = c.getReferredBy();
          break;
        }
      }
      if (referrer == null || referrer.equals(first.actor())) {
        continue;
      }
      referralVisits
          .computeIfAbsent(
              first.communityId() + "/" + Math.floorDiv(first.at(), DAY), k -> new long[1])[0]++;
      for (Attributed a : session) {
        if (a.event() instanceof ClickEvent c && c.getType() == ClickType.CONVERSION) {
          double[] acc =
              referralConversions.computeIfAbsent(
                  a.communityId() + "/" + Math.floorDiv(a.at(), DAY), k -> new double[2]);
          acc[0]++;
          acc[1] += c.getConversionValue() == null ? 0 : c.getConversionValue();
        }
      }
    }

    LongFunction<Map<String, String>> levelsOn = ReferenceMembers.levels(accepted, gap, maxLength);
    Map<String, Map<String, Object>> documents = new TreeMap<>();
    for (Map.Entry<String, Long> community : firstDay.entrySet()) {
      String id = community.getKey();
      for (long day = community.getValue(); day <= asOf; day++) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("community_id", id);
        doc.put("day", LocalDate.ofEpochDay(day).toString());
        Set<String> a7 = new HashSet<>();
        Set<String> a28 = new HashSet<>();
        long sumDaily = 0;
        for (long d = day - 27; d <= day; d++) {
          Set<String> active = activeByDay.getOrDefault(id + "/" + d, Set.of());
          a28.addAll(active);
          sumDaily += active.size();
          if (d > day - 7) {
            a7.addAll(active);
          }
        }
        doc.put(
            "active_members_1d", (long) activeByDay.getOrDefault(id + "/" + day, Set.of()).size());
        doc.put("active_members_7d", (long) a7.size());
        doc.put("active_members_28d", (long) a28.size());
        doc.put("visitors_1d", (long) visitorsByDay.getOrDefault(id + "/" + day, Set.of()).size());
        final long today = day;
        doc.put(
            "new_members_1d",
            memberFirstDay.entrySet().stream()
                .filter(m -> m.getKey().startsWith(id + "/") && m.getValue() == today)
                .count());
        Double stickiness = a28.isEmpty() ? null : sumDaily / 28.0 / a28.size();
        doc.put("stickiness", stickiness);
        Map<String, String> levels = levelsOn.apply(day);
        long creators = 0;
        long contributors = 0;
        long lurkers = 0;
        for (Map.Entry<String, String> level : levels.entrySet()) {
          if (!level.getKey().startsWith(id + "/")) {
            continue;
          }
          switch (level.getValue()) {
            case "creator" -> creators++;
            case "contributor" -> contributors++;
            case "lurker" -> lurkers++;
            default -> {}
          }
        }
        doc.put("creators", creators);
        doc.put("contributors", contributors);
        doc.put("lurkers", lurkers);
        long posts = 0;
        long replies = 0;
        long shares = 0;
        List<Long> responses = new ArrayList<>();
        long answeredIn24h = 0;
        for (SpecificRecord e : accepted) {
          if (e instanceof PostEvent p
              && p.getCommunityId().equals(id)
              && Math.floorDiv(p.getOccurredAt().toEpochMilli(), DAY) == day) {
            switch (p.getType()) {
              case POST -> {
                posts++;
                Long reply = firstReply.get(id + "/" + p.getContentId());
                if (reply != null) {
                  long millis = reply - p.getOccurredAt().toEpochMilli();
                  responses.add(millis);
                  if (millis <= DAY) {
                    answeredIn24h++;
                  }
                }
              }
              case REPLY -> replies++;
              case SHARE -> shares++;
              default -> {}
            }
          }
        }
        doc.put("posts", posts);
        doc.put("replies", replies);
        doc.put("shares", shares);
        Double responseRate = posts == 0 ? null : answeredIn24h / (double) posts;
        doc.put("response_rate_24h", responseRate);
        Double median = null;
        if (!responses.isEmpty()) {
          responses.sort(Long::compare);
          int n = responses.size();
          median =
              n % 2 == 1
                  ? responses.get(n / 2) / 60_000.0
                  : (responses.get(n / 2 - 1) + responses.get(n / 2)) / 2.0 / 60_000.0;
        }
        doc.put("median_first_response_minutes", median);
        Set<String> pairSet = new HashSet<>();
        for (Object[] pair : pairs) {
          long d = (long) pair[1];
          if (pair[0].equals(id) && d <= day && d > day - 28) {
            pairSet.add(pair[2] + "→" + pair[3]);
          }
        }
        Double reciprocity = null;
        if (!pairSet.isEmpty()) {
          long mutual =
              pairSet.stream()
                  .filter(
                      p ->
                          pairSet.contains(
                              p.substring(p.indexOf('→') + 1)
                                  + "→"
                                  + p.substring(0, p.indexOf('→'))))
                  .count();
          reciprocity = mutual / (double) pairSet.size();
        }
        doc.put("reciprocity_28d", reciprocity);
        doc.put("referral_visits", referralVisits.getOrDefault(id + "/" + day, new long[1])[0]);
        double[] conv = referralConversions.getOrDefault(id + "/" + day, new double[2]);
        doc.put("referral_conversions", (long) conv[0]);
        doc.put("referral_conversion_value", conv[1]);
        Double contribution =
            a28.isEmpty() ? null : (creators + contributors) / (double) a28.size();
        doc.put(
            "health_index", health(stickiness, responseRate, median, reciprocity, contribution));
        documents.put(id + "/" + LocalDate.ofEpochDay(day), doc);
      }
    }
    return documents;
  }

  /** docs/indicators.md: the weighted mean of the available component scores, 0–100. */
  static Double health(
      Double stickiness,
      Double responseRate,
      Double median,
      Double reciprocity,
      Double contribution) {
    double weighted = 0;
    double weights = 0;
    if (stickiness != null) {
      weighted += 25 * Math.min(1, stickiness / 0.3);
      weights += 25;
    }
    if (responseRate != null) {
      weighted += 25 * responseRate;
      weights += 25;
    }
    if (median != null) {
      double speed = median <= 60 ? 1 : Math.max(0, 1 - (median - 60) / (1440 - 60));
      weighted += 15 * speed;
      weights += 15;
    }
    if (reciprocity != null) {
      weighted += 15 * Math.min(1, reciprocity / 0.5);
      weights += 15;
    }
    if (contribution != null) {
      weighted += 20 * Math.min(1, contribution / 0.3);
      weights += 20;
    }
    return weights == 0 ? null : Math.round(1000 * weighted / weights) / 10.0;
  }
}
