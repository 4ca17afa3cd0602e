package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * A plain re-statement of the member document (docs/indicators.md, "Member indicators", with the
 * level and engagement of 28 days before), of the content join and of {@code member.memory}
 * (docs/semantics.md), written from those texts and not from the job: integration tests compare
 * every member document with it.
 *
 * <p>A member's document is frozen once none of its figures can change as the as-of day moves on:
 * its {@code as_of} is {@code min(A, L + 56)}, A the as-of day and L the latest day with any fact
 * the member's windows count (an own event, a session start, a credit received, a referral credited
 * to them, a reply they made). The 28-day figures are empty from L + 28 on, and the figures of the
 * window ending 28 days earlier ({@code level_28d_ago}, {@code engagement_score_28d_ago}) from L +
 * 56 on. Every window figure, score and level is that of the windows ending on {@code as_of} (and
 * 28 days before it).
 *
 * <p>{@code first_seen} is the member's first own event since the job last forgot them; {@code
 * last_seen} the last own event ever. An own event more than {@code member.memory} after the
 * previous one starts a new stay (docs/semantics.md, "Members"): a new {@code first_seen}, counted
 * as a new member again, whatever the job still holds of the member and whatever order the events
 * arrive in.
 */
public final class ReferenceMembers {

  /** The levels, lowest first (docs/indicators.md, "Scores and levels"). */
  public static final List<String> LEVELS = List.of("dormant", "lurker", "contributor", "creator");

  private static final long DAY = 86_400_000L;

  /** The fields of the d7 and d28 windows: the names are the job's, the rules here are not. */
  private static final List<String> FIELDS =
      Arrays.stream(Field.values()).map(Field::jsonName).toList();

  private ReferenceMembers() {}

  /** A fact counted for a member on a day: a field and an amount, or a helped member. */
  private record Fact(String member, long day, String field, double amount, String helped) {}

  /**
   * One stay of a member: from the first own event after they were last forgotten (or ever) to the
   * last own event before they are forgotten again.
   */
  public record Stay(long firstSeen, long lastSeen) {}

  /**
   * A silence of more than 28 days (or {@code member.memory}, when shorter) between two own events
   * of a member.
   *
   * @param member {@code community_id/member_id}
   * @param lastSeen the last own event before the silence
   * @param returnedAt the first own event after it
   * @param lastFactDay the latest epoch day before {@code returnedAt}'s day with any fact of the
   *     member (later than {@code lastSeen}'s day when credits reached them while silent)
   * @param forgetAt {@code member.memory} after {@code lastSeen}: an own event after it starts a
   *     new stay
   */
  public record Absence(
      String member, long lastSeen, long returnedAt, long lastFactDay, long forgetAt) {

    /** Whether the member came back as new (a new stay). */
    public boolean forgotten() {
      return returnedAt > forgetAt;
    }
  }

  /** Everything the member reference knows of an input, gathered once. */
  static final class Facts {
    private final Map<String, List<Fact>> byMember; // by community/member
    private final Map<String, List<Stay>> stays;
    private final List<Absence> absences;
    private final long asOf;
    private final Map<String, String> levels = new HashMap<>(); // community/member/day

    private Facts(
        Map<String, List<Fact>> byMember,
        Map<String, List<Stay>> stays,
        List<Absence> absences,
        long asOf) {
      this.byMember = byMember;
      this.stays = stays;
      this.absences = absences;
      this.asOf = asOf;
    }

    /** The members with own events, by {@code community_id/member_id}, with their stays. */
    Map<String, List<Stay>> stays() {
      return stays;
    }

    /** The level of {@code member} on {@code day}: that of the 28-day window ending that day. */
    String levelOn(String member, long day) {
      return levels.computeIfAbsent(
          member + "/" + day,
          k -> level(window(byMember.getOrDefault(member, List.of()), day, 28)));
    }
  }

  /** Expected member documents keyed by {@code community_id/member_id}, default settings. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    return compute(accepted, ReferenceRules.withSessions(gap, maxLength));
  }

  /** Expected member documents keyed by {@code community_id/member_id}. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, ReferenceRules rules) {
    return documents(facts(accepted, rules));
  }

  /** Every {@link Absence} of the input, in member order. */
  public static List<Absence> absences(List<SpecificRecord> accepted, ReferenceRules rules) {
    return facts(accepted, rules).absences;
  }

  static Facts facts(List<SpecificRecord> accepted, ReferenceRules rules) {
    Duration gap = rules.gap();
    Duration maxLength = rules.maxLength();
    List<Attributed> attributed =
        ReferenceSessions.attribute(accepted, gap, maxLength, rules.bindingTtl());
    long asOf = 0;
    for (SpecificRecord e : accepted) {
      asOf = Math.max(asOf, Math.floorDiv(InputPlan.occurredAt(e), DAY));
    }

    Map<String, List<Fact>> facts = new HashMap<>(); // by community/member
    Map<String, List<Long>> ownTimes = new HashMap<>(); // by community/member
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
      ownTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(a.at());
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

    // Stays: an own event more than member.memory after the previous one starts a new stay.
    Map<String, List<Stay>> stays = new TreeMap<>();
    List<Absence> absences = new ArrayList<>();
    for (Map.Entry<String, List<Long>> member : new TreeMap<>(ownTimes).entrySet()) {
      List<Long> times = member.getValue();
      times.sort(Long::compare);
      List<Fact> mine = facts.getOrDefault(member.getKey(), List.of());
      List<Stay> list = new ArrayList<>();
      long first = times.get(0);
      for (int i = 1; i < times.size(); i++) {
        long before = times.get(i - 1);
        long at = times.get(i);
        if (at - before <= Math.min(28 * DAY, rules.memberMemory().toMillis())) {
          continue;
        }
        long returnDay = Math.floorDiv(at, DAY);
        long lastFactDay =
            mine.stream().mapToLong(Fact::day).filter(d -> d < returnDay).max().orElseThrow();
        long forgetAt = before + rules.memberMemory().toMillis();
        Absence absence = new Absence(member.getKey(), before, at, lastFactDay, forgetAt);
        absences.add(absence);
        if (absence.forgotten()) {
          list.add(new Stay(first, before));
          first = at;
        }
      }
      list.add(new Stay(first, times.get(times.size() - 1)));
      stays.put(member.getKey(), List.copyOf(list));
    }
    return new Facts(facts, stays, List.copyOf(absences), asOf);
  }

  private static Map<String, Map<String, Object>> documents(Facts all) {
    Map<String, Map<String, Object>> documents = new TreeMap<>();
    for (Map.Entry<String, List<Stay>> member : all.stays.entrySet()) {
      String key = member.getKey();
      List<Fact> mine = all.byMember.getOrDefault(key, List.of());
      // Frozen once no figure can change any more: 56 days after the member's last fact the
      // windows ending on the as-of day and 28 days before it are all empty, and stay so.
      long lastFact = mine.stream().mapToLong(Fact::day).max().orElseThrow();
      long memberAsOf = Math.min(all.asOf, lastFact + 56);
      Map<String, Double> d7 = window(mine, memberAsOf, 7);
      Map<String, Double> d28 = window(mine, memberAsOf, 28);
      Map<String, Double> d28Ago = window(mine, memberAsOf - 28, 28);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("community_id", key.substring(0, key.indexOf('/')));
      doc.put("member_id", key.substring(key.indexOf('/') + 1));
      double advocacy =
          d28.get("shares") * 5
              + d28.get("mentions_received")
              + d28.get("referral_visits") * 2
              + d28.get("referral_signups") * 10
              + d28.get("referral_conversions") * 25;
      doc.put("engagement_score", engagement(d28));
      doc.put("advocacy_score", advocacy);
      String level = level(d28);
      String levelAgo = level(d28Ago);
      doc.put("level", level);
      doc.put("advocate", advocacy >= 10);
      doc.put("level_28d_ago", levelAgo);
      int change = Integer.compare(LEVELS.indexOf(level), LEVELS.indexOf(levelAgo));
      doc.put("level_change", change > 0 ? "up" : change < 0 ? "down" : "same");
      doc.put("engagement_score_28d_ago", engagement(d28Ago));
      List<Stay> stays = member.getValue();
      doc.put("first_seen", stays.get(stays.size() - 1).firstSeen());
      doc.put("last_seen", stays.get(stays.size() - 1).lastSeen());
      doc.put("as_of", LocalDate.ofEpochDay(memberAsOf).toString());
      doc.put("d7", d7);
      doc.put("d28", d28);
      documents.put(key, doc);
    }
    return documents;
  }

  private static double engagement(Map<String, Double> d28) {
    return d28.get("page_views") * 0.1
        + d28.get("reactions_given")
        + d28.get("replies") * 3
        + d28.get("posts") * 5
        + d28.get("answers_accepted") * 10
        + d28.get("replies_received") * 2
        + d28.get("reactions_received")
        + d28.get("active_days");
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
    facts.computeIfAbsent(key, k -> new ArrayList<>()).add(fact);
  }
}
