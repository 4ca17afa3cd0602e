package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.LocalDate;
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
 * A plain re-statement of the member document of SPEC §5 (and the content join of §1), written from
 * the spec and not from the job: integration tests compare every member document with it.
 *
 * <p>A member's document is frozen once none of its figures can change as the as-of day moves on
 * (SPEC §5 permits it): its {@code as_of} is {@code min(A, L + 28)}, A the as-of day and L the
 * latest day with any fact the member's windows count (an own event, a session start, a credit
 * received, a referral credited to them, a reply they made), and every window figure, score and the
 * level are those of the windows ending on that day. {@code first_seen} / {@code last_seen} are the
 * first / last own event ever.
 */
public final class ReferenceMembers {

  private static final long DAY = 86_400_000L;
  private static final List<String> FIELDS =
      List.of(
          "active_days",
          "sessions",
          "session_minutes",
          "page_views",
          "posts",
          "replies",
          "reactions_given",
          "shares",
          "replies_received",
          "reactions_received",
          "answers_accepted",
          "mentions_received",
          "referral_visits",
          "referral_signups",
          "referral_conversions",
          "referral_conversion_value",
          "members_helped");

  private ReferenceMembers() {}

  /** A fact counted for a member on a day: a field and an amount, or a helped member. */
  private record Fact(String member, long day, String field, double amount, String helped) {}

  /** The level (SPEC §5) of every member with own events on {@code day}, by community/member. */
  public static Map<String, String> levelsOn(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength, long day) {
    return levels(accepted, gap, maxLength).apply(day);
  }

  /**
   * The levels of every member with own events on any day, by community/member: the facts are
   * gathered once, for callers that need many days.
   */
  public static LongFunction<Map<String, String>> levels(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    Facts all = facts(accepted, gap, maxLength);
    return day -> {
      Map<String, String> levels = new TreeMap<>();
      for (String key : all.seen().keySet()) {
        levels.put(key, level(window(all.facts().getOrDefault(key, List.of()), day, 28)));
      }
      return levels;
    };
  }

  private record Facts(Map<String, List<Fact>> facts, Map<String, long[]> seen, long asOf) {}

  /** Expected member documents keyed by {@code community_id/member_id}. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    Facts all = facts(accepted, gap, maxLength);
    Map<String, List<Fact>> facts = all.facts();
    Map<String, long[]> seen = all.seen();
    long asOf = all.asOf();
    return documents(facts, seen, asOf);
  }

  private static Facts facts(List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    List<Attributed> attributed = ReferenceSessions.attribute(accepted, gap, maxLength);
    long asOf = 0;
    for (SpecificRecord e : accepted) {
      asOf = Math.max(asOf, Math.floorDiv(InputPlan.occurredAt(e), DAY));
    }

    Map<String, List<Fact>> facts = new HashMap<>(); // by community/member
    Map<String, long[]> seen = new HashMap<>(); // first, last own event
    Map<String, String> authors = new HashMap<>(); // community/content -> member
    for (SpecificRecord e : accepted) {
      if (e instanceof PostEvent p
          && (p.getType() == PostType.POST || p.getType() == PostType.REPLY)) {
        authors.putIfAbsent(p.getCommunityId() + "/" + p.getContentId(), p.getMemberId());
      }
    }
    for (Attributed a : attributed) {
      if (a.actor().startsWith("anon:")) {
        continue;
      }
      String key = a.communityId() + "/" + a.actor();
      long day = Math.floorDiv(a.at(), DAY);
      add(facts, key, new Fact(a.actor(), day, "active", 1, null));
      seen.merge(
          key,
          new long[] {a.at(), a.at()},
          (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
      if (a.event() instanceof ClickEvent c && c.getType() == ClickType.PAGE_VIEW) {
        add(facts, key, new Fact(a.actor(), day, "page_views", 1, null));
      }
      if (a.event() instanceof PostEvent p) {
        String own =
            switch (p.getType()) {
              case POST -> "posts";
              case REPLY -> "replies";
              case REACTION -> "reactions_given";
              case SHARE -> "shares";
              default -> null;
            };
        if (own != null) {
          add(facts, key, new Fact(a.actor(), day, own, 1, null));
        }
        String target = p.getTargetMemberId();
        String received = null;
        switch (p.getType()) {
          case REPLY -> {
            if (target == null && p.getParentContentId() != null) {
              target = authors.get(p.getCommunityId() + "/" + p.getParentContentId());
            }
            received = "replies_received";
          }
          case REACTION -> {
            target =
                target != null ? target : authors.get(p.getCommunityId() + "/" + p.getContentId());
            received = "reactions_received";
          }
          case ACCEPTED_ANSWER -> {
            target =
                target != null ? target : authors.get(p.getCommunityId() + "/" + p.getContentId());
            received = "answers_accepted";
          }
          case MENTION -> received = "mentions_received";
          default -> target = null;
        }
        if (received != null && target != null && !target.equals(p.getMemberId())) {
          add(facts, p.getCommunityId() + "/" + target, new Fact(target, day, received, 1, null));
          if (p.getType() == PostType.REPLY) {
            add(facts, key, new Fact(a.actor(), day, "members_helped", 0, target));
          }
        }
      }
    }
    for (List<Attributed> session : ReferenceSessions.split(attributed, gap, maxLength)) {
      Attributed first = session.get(0);
      long startDay = Math.floorDiv(first.at(), DAY);
      if (!first.actor().startsWith("anon:")) {
        String key = first.communityId() + "/" + first.actor();
        double minutes = (session.get(session.size() - 1).at() - first.at()) / 1000.0 / 60.0;
        add(facts, key, new Fact(first.actor(), startDay, "sessions", 1, null));
        add(facts, key, new Fact(first.actor(), startDay, "session_minutes", minutes, null));
      }
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
      String key = first.communityId() + "/" + referrer;
      add(facts, key, new Fact(referrer, startDay, "referral_visits", 1, null));
      for (Attributed a : session) {
        if (a.event() instanceof ClickEvent c) {
          long day = Math.floorDiv(a.at(), DAY);
          if (c.getType() == ClickType.SIGN_UP) {
            add(facts, key, new Fact(referrer, day, "referral_signups", 1, null));
          } else if (c.getType() == ClickType.CONVERSION) {
            add(facts, key, new Fact(referrer, day, "referral_conversions", 1, null));
            double value = c.getConversionValue() == null ? 0 : c.getConversionValue();
            add(facts, key, new Fact(referrer, day, "referral_conversion_value", value, null));
          }
        }
      }
    }

    return new Facts(facts, seen, asOf);
  }

  private static Map<String, Map<String, Object>> documents(
      Map<String, List<Fact>> facts, Map<String, long[]> seen, long asOf) {
    Map<String, Map<String, Object>> documents = new TreeMap<>();
    for (Map.Entry<String, long[]> member : seen.entrySet()) {
      String key = member.getKey();
      List<Fact> mine = facts.getOrDefault(key, List.of());
      // Frozen once no figure can change any more (SPEC §5): 28 days after the member's last fact
      // every window is empty, and it stays so as the as-of day moves on.
      long lastFact = mine.stream().mapToLong(Fact::day).max().orElseThrow();
      long memberAsOf = Math.min(asOf, lastFact + 28);
      Map<String, Double> d7 = window(mine, memberAsOf, 7);
      Map<String, Double> d28 = window(mine, memberAsOf, 28);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("community_id", key.substring(0, key.indexOf('/')));
      doc.put("member_id", key.substring(key.indexOf('/') + 1));
      double engagement =
          d28.get("page_views") * 0.1
              + d28.get("reactions_given")
              + d28.get("replies") * 3
              + d28.get("posts") * 5
              + d28.get("answers_accepted") * 10
              + d28.get("replies_received") * 2
              + d28.get("reactions_received")
              + d28.get("active_days");
      double advocacy =
          d28.get("shares") * 5
              + d28.get("mentions_received")
              + d28.get("referral_visits") * 2
              + d28.get("referral_signups") * 10
              + d28.get("referral_conversions") * 25;
      doc.put("engagement_score", engagement);
      doc.put("advocacy_score", advocacy);
      doc.put("level", level(d28));
      doc.put("advocate", advocacy >= 10);
      doc.put("first_seen", member.getValue()[0]);
      doc.put("last_seen", member.getValue()[1]);
      doc.put("as_of", LocalDate.ofEpochDay(memberAsOf).toString());
      doc.put("d7", d7);
      doc.put("d28", d28);
      documents.put(key, doc);
    }
    return documents;
  }

  private static String level(Map<String, Double> d28) {
    double posts = d28.get("posts");
    if (posts + d28.get("answers_accepted") >= 1 && posts + d28.get("replies") >= 3) {
      return "creator";
    }
    if (posts + d28.get("replies") + d28.get("reactions_given") + d28.get("shares") >= 1) {
      return "contributor";
    }
    return d28.get("active_days") >= 1 ? "lurker" : "dormant";
  }

  private static Map<String, Double> window(List<Fact> facts, long asOf, int days) {
    Map<String, Double> totals = new LinkedHashMap<>();
    FIELDS.forEach(f -> totals.put(f, 0.0));
    Set<Long> activeDays = new HashSet<>();
    Set<String> helped = new HashSet<>();
    for (Fact f : facts) {
      if (f.day() > asOf || f.day() <= asOf - days) {
        continue;
      }
      switch (f.field()) {
        case "active" -> activeDays.add(f.day());
        case "members_helped" -> helped.add(f.helped());
        default -> totals.merge(f.field(), f.amount(), Double::sum);
      }
    }
    totals.put("active_days", (double) activeDays.size());
    totals.put("members_helped", (double) helped.size());
    return totals;
  }

  private static void add(Map<String, List<Fact>> facts, String key, Fact fact) {
    facts.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(fact);
  }
}
