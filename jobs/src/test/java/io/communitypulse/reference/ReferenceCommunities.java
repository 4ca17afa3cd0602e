package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceMembers.Facts;
import io.communitypulse.reference.ReferenceMembers.Stay;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * A plain re-statement of the community document (docs/indicators.md, "Community indicators", its
 * growth and value figures and the health index), written from those texts and not from the job.
 *
 * <p>Every figure is computed from the whole input, as a run that has read all of it knows it. Only
 * {@code final} depends on how far the run got: day D is final once the watermark has passed the
 * end of D plus {@link ReferenceRules#finalAfter()}; at the end of a bounded run every day is.
 */
public final class ReferenceCommunities {

  /** {@code value.health-threshold}'s default. */
  public static final double HEALTH_THRESHOLD = 60;

  /** {@code value.conversions-threshold}'s default. */
  public static final long CONVERSIONS_THRESHOLD = 1;

  private static final long DAY = 86_400_000L;

  private ReferenceCommunities() {}

  /** Expected documents after a bounded run with default settings, by community/yyyy-mm-dd. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    return compute(accepted, ReferenceRules.withSessions(gap, maxLength), Long.MAX_VALUE);
  }

  /**
   * Expected documents keyed by {@code community_id/yyyy-mm-dd}, once every event of {@code
   * accepted} counts and the watermark is at {@code watermark} ({@link Long#MAX_VALUE} at the end
   * of a bounded run).
   */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, ReferenceRules rules, long watermark) {
    Duration gap = rules.gap();
    Duration maxLength = rules.maxLength();
    List<Attributed> attributed =
        ReferenceSessions.attribute(accepted, gap, maxLength, rules.bindingTtl());
    long asOf = 0;
    Map<String, Long> firstDay = new HashMap<>(); // per community
    for (SpecificRecord e : accepted) {
      long day = Math.floorDiv(InputPlan.occurredAt(e), DAY);
      asOf = Math.max(asOf, day);
      firstDay.merge(InputPlan.communityId(e), day, Math::min);
    }
    Map<String, Set<String>> activeByDay = new HashMap<>(); // community/day -> members
    Map<String, Set<String>> visitorsByDay = new HashMap<>();
    Map<String, TreeSet<Long>> ownDays = new HashMap<>(); // community/member -> days
    for (Attributed a : attributed) {
      long day = Math.floorDiv(a.at(), DAY);
      String cd = a.communityId() + "/" + day;
      if (a.actor().startsWith("anon:")) {
        visitorsByDay.computeIfAbsent(cd, k -> new HashSet<>()).add(a.actor());
      } else {
        activeByDay.computeIfAbsent(cd, k -> new HashSet<>()).add(a.actor());
        ownDays.computeIfAbsent(a.communityId() + "/" + a.actor(), k -> new TreeSet<>()).add(day);
      }
    }
    // A member is new on the first day of each stay: the first ever, and each after being
    // forgotten.
    Facts members = ReferenceMembers.facts(accepted, rules);
    Map<String, Long> newMembers = new HashMap<>(); // community/day -> count
    List<Object[]> cohorts = new ArrayList<>(); // community/member, first-seen day
    for (Map.Entry<String, List<Stay>> member : members.stays().entrySet()) {
      String community = member.getKey().substring(0, member.getKey().indexOf('/'));
      for (Stay stay : member.getValue()) {
        long day = Math.floorDiv(stay.firstSeen(), DAY);
        newMembers.merge(community + "/" + day, 1L, Long::sum);
        cohorts.add(new Object[] {member.getKey(), day});
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
    Map<String, TreeSet<Long>> helpReceived = new HashMap<>(); // community/member -> days
    Map<String, TreeSet<Long>> helpGiven = new HashMap<>();
    for (SpecificRecord e : accepted) {
      if (e instanceof PostEvent p
          && p.getType() == PostType.REPLY
          && p.getParentContentId() != null) {
        String parent = p.getCommunityId() + "/" + p.getParentContentId();
        String parentAuthor = authors.get(parent);
        String target = p.getTargetMemberId() != null ? p.getTargetMemberId() : parentAuthor;
        long at = p.getOccurredAt().toEpochMilli();
        long day = Math.floorDiv(at, DAY);
        if (parentAuthor != null && !parentAuthor.equals(p.getMemberId())) {
          firstReply.merge(parent, at, Math::min);
        }
        if (target != null && !target.equals(p.getMemberId())) {
          // A reply to another member: help received by the target, given by the replier.
          pairs.add(new Object[] {p.getCommunityId(), day, p.getMemberId(), target});
          helpReceived
              .computeIfAbsent(p.getCommunityId() + "/" + target, k -> new TreeSet<>())
              .add(day);
          helpGiven
              .computeIfAbsent(p.getCommunityId() + "/" + p.getMemberId(), k -> new TreeSet<>())
              .add(day);
        }
      }
    }
    // The day's posts, replies and shares, and each POST's first-response time (null: none).
    Map<String, long[]> dayCounts = new HashMap<>(); // community/day -> posts, replies, shares
    Map<String, List<Long>> responses = new HashMap<>(); // community/day -> per POST
    for (SpecificRecord e : accepted) {
      if (e instanceof PostEvent p) {
        long at = p.getOccurredAt().toEpochMilli();
        String cd = p.getCommunityId() + "/" + Math.floorDiv(at, DAY);
        long[] counts = dayCounts.computeIfAbsent(cd, k -> new long[3]);
        switch (p.getType()) {
          case POST -> {
            counts[0]++;
            Long reply = firstReply.get(p.getCommunityId() + "/" + p.getContentId());
            responses
                .computeIfAbsent(cd, k -> new ArrayList<>())
                .add(reply == null ? null : reply - at);
          }
          case REPLY -> counts[1]++;
          case SHARE -> counts[2]++;
          default -> {}
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

    Map<String, Map<String, Object>> documents = new TreeMap<>();
    for (Map.Entry<String, Long> community : firstDay.entrySet()) {
      String id = community.getKey();
      List<String> ids =
          members.stays().keySet().stream().filter(m -> m.startsWith(id + "/")).toList();
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
        doc.put("new_members_1d", newMembers.getOrDefault(id + "/" + day, 0L));
        Double stickiness = a28.isEmpty() ? null : sumDaily / 28.0 / a28.size();
        doc.put("stickiness", stickiness);
        long creators = 0;
        long contributors = 0;
        long lurkers = 0;
        long promoted = 0;
        long demoted = 0;
        for (String member : ids) {
          String level = members.levelOn(member, day);
          switch (level) {
            case "creator" -> creators++;
            case "contributor" -> contributors++;
            case "lurker" -> lurkers++;
            default -> {}
          }
          int change =
              Integer.compare(
                  ReferenceMembers.LEVELS.indexOf(level),
                  ReferenceMembers.LEVELS.indexOf(members.levelOn(member, day - 28)));
          if (change > 0) {
            promoted++;
          } else if (change < 0) {
            demoted++;
          }
        }
        doc.put("creators", creators);
        doc.put("contributors", contributors);
        doc.put("lurkers", lurkers);
        long[] counts = dayCounts.getOrDefault(id + "/" + day, new long[3]);
        doc.put("posts", counts[0]);
        doc.put("replies", counts[1]);
        doc.put("shares", counts[2]);
        List<Long> today = responses.getOrDefault(id + "/" + day, List.of());
        doc.put("response_rate_24h", answeredWithin24h(today));
        doc.put("median_first_response_minutes", medianMinutes(today, Long.MAX_VALUE));
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

        // Growth: levels against 28 days before, newcomer cohorts, help paid forward.
        doc.put("promoted_28d", promoted);
        doc.put("demoted_28d", demoted);
        long cohort = 0;
        long retained = 0;
        for (Object[] newcomer : cohorts) {
          long seen = (long) newcomer[1];
          String member = (String) newcomer[0];
          if (member.startsWith(id + "/") && seen >= day - 55 && seen <= day - 28) {
            cohort++;
            if (any(ownDays.get(member), day - 27, day)) {
              retained++;
            }
          }
        }
        doc.put("newcomer_retention_28d", cohort == 0 ? null : retained / (double) cohort);
        long helped = 0;
        long paying = 0;
        for (Map.Entry<String, TreeSet<Long>> received : helpReceived.entrySet()) {
          if (received.getKey().startsWith(id + "/")
              && any(received.getValue(), day - 55, day - 28)) {
            helped++;
            if (any(helpGiven.get(received.getKey()), day - 27, day)) {
              paying++;
            }
          }
        }
        doc.put("pay_it_forward_28d", helped == 0 ? null : paying / (double) helped);

        // Value: the community-sourced conversions of 28 days.
        long conversions28 = 0;
        double value28 = 0;
        for (long d = day - 27; d <= day; d++) {
          double[] c = referralConversions.getOrDefault(id + "/" + d, new double[2]);
          conversions28 += (long) c[0];
          value28 += c[1];
        }
        doc.put("referral_conversions_28d", conversions28);
        doc.put("referral_conversion_value_28d", value28);

        // Response figures of the seven days before: complete while the day is read.
        List<Long> week = new ArrayList<>();
        for (long d = day - 7; d <= day - 1; d++) {
          week.addAll(responses.getOrDefault(id + "/" + d, List.of()));
        }
        Double rate7d = answeredWithin24h(week);
        Double median7d = medianMinutes(week, DAY);
        doc.put("response_rate_24h_7d", rate7d);
        doc.put("median_first_response_minutes_7d", median7d);
        Double contribution =
            a28.isEmpty() ? null : (creators + contributors) / (double) a28.size();
        Double health = health(stickiness, rate7d, median7d, reciprocity, contribution);
        Double rounded = health == null ? null : Math.round(10 * health) / 10.0;
        doc.put("health_index", rounded);
        doc.put("value_quadrant", quadrant(rounded, conversions28));
        doc.put("final", rules.isFinal(day, watermark));
        documents.put(id + "/" + LocalDate.ofEpochDay(day), doc);
      }
    }
    return documents;
  }

  private static boolean any(NavigableSet<Long> days, long from, long to) {
    if (days == null) {
      return false;
    }
    Long first = days.ceiling(from);
    return first != null && first <= to;
  }

  /** Of the POSTs, the share answered within 24 h; null when there are none. */
  private static Double answeredWithin24h(List<Long> responses) {
    if (responses.isEmpty()) {
      return null;
    }
    long within = responses.stream().filter(r -> r != null && r <= DAY).count();
    return within / (double) responses.size();
  }

  /** The exact median in minutes of the responses no longer than {@code limit}; null if none. */
  private static Double medianMinutes(List<Long> responses, long limit) {
    List<Long> answered = responses.stream().filter(r -> r != null && r <= limit).sorted().toList();
    int n = answered.size();
    if (n == 0) {
      return null;
    }
    return n % 2 == 1
        ? answered.get(n / 2) / 60_000.0
        : (answered.get(n / 2 - 1) + answered.get(n / 2)) / 2.0 / 60_000.0;
  }

  /** docs/indicators.md, "Value": where health and community-sourced conversions meet. */
  private static String quadrant(Double health, long conversions28) {
    if (health == null) {
      return null;
    }
    boolean healthy = health >= HEALTH_THRESHOLD;
    boolean converting = conversions28 >= CONVERSIONS_THRESHOLD;
    if (healthy) {
      return converting ? "productive" : "engaged_only";
    }
    return converting ? "marketing_only" : "struggling";
  }

  /**
   * docs/indicators.md, "The health index": the weighted mean of the available component scores,
   * 0–100, before rounding to one decimal; null when no component has a value.
   */
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
    return weights == 0 ? null : 100 * weighted / weights;
  }
}
