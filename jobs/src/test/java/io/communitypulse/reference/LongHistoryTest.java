package io.communitypulse.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceMembers.Absence;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long history has what {@code LongHistoryITCase} relies on, so that it cannot silently lose
 * it: members silent for more than the 28-day window who come back, a member forgotten after more
 * than {@code member.memory} who comes back as new (and no silence near that limit), a member who
 * joins in the last week, long-silent members, content the join has to resolve, referral
 * conversions, questions at 23:59 answered after midnight, and movement in every growth, value and
 * response figure of the community documents and the member documents.
 */
class LongHistoryTest {

  private static final Logger LOG = LoggerFactory.getLogger(LongHistoryTest.class);
  private static final long DAY = 86_400_000L;
  private static final Duration GAP = Duration.ofMinutes(30);
  private static final Duration MAX_LENGTH = Duration.ofHours(12);
  private static final ReferenceRules RULES = ReferenceRules.withSessions(GAP, MAX_LENGTH);

  private static List<SpecificRecord> events;
  private static Map<String, Map<String, Object>> members;
  private static Map<String, Map<String, Object>> days;
  private static List<Absence> absences;

  @BeforeAll
  static void computeTheReference() {
    events = LongHistory.events();
    members = ReferenceMembers.compute(events, RULES);
    days = ReferenceCommunities.compute(events, RULES, Long.MAX_VALUE);
    absences = ReferenceMembers.absences(events, RULES);
    LOG.info(
        "long history: {} events, {} days, {} members, {} community days, {} promotions and {}"
            + " demotions (summed over days), {} members forgotten and back",
        events.size(),
        LongHistory.DAYS,
        members.size(),
        days.size(),
        sum("promoted_28d"),
        sum("demoted_28d"),
        absences.stream().filter(Absence::forgotten).count());
    Map<Object, Long> changes = new TreeMap<>();
    members.values().forEach(m -> changes.merge(m.get("level_change"), 1L, Long::sum));
    LOG.info("member documents by level_change: {}", changes);
    for (String community : LongHistory.COMMUNITIES) {
      Map<Object, Long> quadrants = new TreeMap<>();
      DoubleSummaryStatistics health = new DoubleSummaryStatistics();
      long converting = 0;
      for (Map.Entry<String, Map<String, Object>> day : days.entrySet()) {
        if (day.getKey().startsWith(community + "/")) {
          quadrants.merge(String.valueOf(day.getValue().get("value_quadrant")), 1L, Long::sum);
          health.accept((Double) day.getValue().get("health_index"));
          converting += (long) day.getValue().get("referral_conversions") > 0 ? 1 : 0;
        }
      }
      LOG.info(
          "{}: days by value quadrant {}, health {}-{}, {} days with referral conversions",
          community,
          quadrants,
          health.getMin(),
          health.getMax(),
          converting);
    }
  }

  @Test
  void isDeterministicSizedAndEndsAtNoonOfItsLastDay() {
    assertThat(LongHistory.events()).isEqualTo(events);
    assertThat(events).hasSizeBetween(15_000, 45_000);
    assertThat(events.stream().map(InputPlan::eventId).distinct()).hasSameSizeAs(events);
    long last = InputPlan.occurredAt(events.get(events.size() - 1));
    assertThat(Instant.ofEpochMilli(last))
        .isEqualTo(LongHistory.lastDay().atTime(12, 0).toInstant(ZoneOffset.UTC));
    assertThat(Math.floorDiv(InputPlan.occurredAt(events.get(0)), DAY))
        .isEqualTo(LongHistory.FIRST_DAY.toEpochDay());
    assertThat(LongHistory.DAYS).isGreaterThanOrEqualTo(100);
  }

  @Test
  void everyCommunityHasReturnersALateJoinerAndLongSilentMembers() {
    Map<String, TreeSet<Long>> ownDays = ownDays();
    long lastDay = LongHistory.lastDay().toEpochDay();
    for (String community : LongHistory.COMMUNITIES) {
      Set<String> returners = new HashSet<>();
      Set<String> lateJoiners = new HashSet<>();
      Set<String> longSilent = new HashSet<>();
      ownDays.forEach(
          (member, days) -> {
            if (!member.startsWith(community + "/")) {
              return;
            }
            Long previous = null;
            for (long day : days) {
              if (previous != null && day - previous > 28 && day - previous < 85) {
                returners.add(member);
              }
              previous = day;
            }
            if (days.first() > lastDay - 7) {
              lateJoiners.add(member);
            }
            if (days.last() + 56 < lastDay) {
              longSilent.add(member);
            }
          });
      assertThat(returners)
          .as("members of %s back after > 28 days", community)
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(lateJoiners).as("members of %s joining in the last week", community).isNotEmpty();
      assertThat(longSilent).as("members of %s silent since > 56 days", community).isNotEmpty();
      assertThat(ownDays.keySet().stream().filter(m -> m.startsWith(community + "/")).count())
          .isBetween(18L, 30L);
    }
  }

  @Test
  void everyCommunityHasAMemberForgottenAndBackAndNoSilenceNearTheMemory() {
    long lastDay = LongHistory.lastDay().toEpochDay();
    for (Absence absence : absences) {
      long silence = absence.returnedAt() - absence.lastSeen();
      assertThat(silence)
          .as("%s's silence is clearly shorter or longer than member.memory", absence)
          .matches(s -> s < 85 * DAY || s > 95 * DAY);
      assertThat(Math.abs(absence.returnedAt() - absence.forgetAt()))
          .as("%s returns well before or after they may be forgotten", absence)
          .isGreaterThan(5 * DAY);
      assertThat(absence.lastFactDay())
          .as("%s received nothing while silent", absence)
          .isEqualTo(Math.floorDiv(absence.lastSeen(), DAY));
    }
    for (String community : LongHistory.COMMUNITIES) {
      List<Absence> forgotten =
          absences.stream()
              .filter(a -> a.member().startsWith(community + "/") && a.forgotten())
              .toList();
      assertThat(forgotten).as("members of %s forgotten and back", community).isNotEmpty();
      for (Absence back : forgotten) {
        long returnDay = Math.floorDiv(back.returnedAt(), DAY);
        assertThat(members.get(back.member())).containsEntry("first_seen", back.returnedAt());
        assertThat((long) days.get(dayId(community, returnDay)).get("new_members_1d")).isPositive();
        assertThat(returnDay + 28)
            .as("%s is in a newcomer cohort again before the as-of day", back.member())
            .isLessThanOrEqualTo(lastDay);
      }
      assertThat(absences.stream().filter(a -> a.member().startsWith(community + "/")))
          .as("members of %s back after a silence, remembered", community)
          .filteredOn(a -> !a.forgotten())
          .hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void exercisesTheContentJoinReferralsAndStitching() {
    Map<String, String> authors = new HashMap<>();
    for (SpecificRecord e : events) {
      if (e instanceof PostEvent p && p.getType() != PostType.REACTION) {
        authors.putIfAbsent(p.getContentId(), p.getMemberId());
      }
    }
    Map<String, Integer> kinds = new HashMap<>();
    for (SpecificRecord e : events) {
      if (e instanceof PostEvent p) {
        String target = p.getTargetMemberId() == null ? "untargeted" : "targeted";
        if (p.getTargetMemberId() != null && p.getTargetMemberId().equals(p.getMemberId())) {
          target = "self";
        }
        kinds.merge(p.getType() + " " + target, 1, Integer::sum);
        if (p.getType() == PostType.REPLY
            && p.getTargetMemberId() == null
            && p.getMemberId().equals(authors.get(p.getParentContentId()))) {
          kinds.merge("REPLY self by the join", 1, Integer::sum);
        }
      } else {
        ClickEvent c = (ClickEvent) e;
        if (c.getReferredBy() != null) {
          kinds.merge("referred", 1, Integer::sum);
        }
        if (c.getType() == ClickType.CONVERSION && c.getConversionValue() != null) {
          kinds.merge("conversion", 1, Integer::sum);
        }
        if (c.getType() == ClickType.SIGN_UP) {
          kinds.merge(
              c.getMemberId() == null ? "anonymous sign-up" : "member sign-up", 1, Integer::sum);
        }
        if (c.getMemberId() == null) {
          kinds.merge("unbound click", 1, Integer::sum);
        }
      }
    }
    for (PostType type : List.of(PostType.REPLY, PostType.REACTION, PostType.ACCEPTED_ANSWER)) {
      assertThat(kinds).containsKeys(type + " targeted", type + " untargeted");
    }
    assertThat(kinds)
        .containsKeys(
            "REPLY self",
            "REPLY self by the join",
            "MENTION targeted",
            "MENTION untargeted",
            "SHARE untargeted",
            "POST untargeted",
            "referred",
            "conversion",
            "anonymous sign-up",
            "member sign-up",
            "unbound click");
    assertThat(kinds.get("conversion")).isGreaterThan(30);
  }

  @Test
  void questionsAt2359AreAnsweredAfterMidnightAndSomeOnlyAfterADay() {
    Map<String, Long> firstResponse = new HashMap<>();
    Map<String, PostEvent> posts = new HashMap<>();
    for (SpecificRecord e : events) {
      if (e instanceof PostEvent p && p.getType() == PostType.POST) {
        posts.put(p.getContentId(), p);
      }
    }
    for (SpecificRecord e : events) {
      if (e instanceof PostEvent p && p.getType() == PostType.REPLY) {
        PostEvent parent = posts.get(p.getParentContentId());
        if (parent != null && !parent.getMemberId().equals(p.getMemberId())) {
          firstResponse.merge(parent.getContentId(), InputPlan.occurredAt(p), Math::min);
        }
      }
    }
    for (String community : LongHistory.COMMUNITIES) {
      int overnight = 0;
      int late = 0;
      for (PostEvent post : posts.values()) {
        Long reply = firstResponse.get(post.getContentId());
        if (!post.getCommunityId().equals(community) || reply == null) {
          continue;
        }
        long at = post.getOccurredAt().toEpochMilli();
        if (Math.floorMod(at, DAY) >= DAY - 60_000
            && Math.floorDiv(reply, DAY) == Math.floorDiv(at, DAY) + 1
            && reply - at < 2 * 3_600_000L) {
          overnight++;
        }
        if (reply - at > DAY) {
          late++;
        }
      }
      LOG.info(
          "{}: {} questions at 23:59 answered after midnight, {} answered after more than 24 h",
          community,
          overnight,
          late);
      assertThat(overnight)
          .as("%s: questions at 23:59 answered after midnight", community)
          .isGreaterThanOrEqualTo(15);
      assertThat(late)
          .as("%s: questions answered after more than 24 h", community)
          .isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void everyGrowthValueAndResponseFigureMovesAndIsSometimesNull() {
    long firstDay = LongHistory.FIRST_DAY.toEpochDay();
    for (String community : LongHistory.COMMUNITIES) {
      List<Map<String, Object>> docs =
          days.entrySet().stream()
              .filter(d -> d.getKey().startsWith(community + "/"))
              .map(Map.Entry::getValue)
              .toList();
      assertThat(docs).hasSize(LongHistory.DAYS);
      // From day 56 on, both the cohort and the window 28 days before it lie in the history.
      List<Map<String, Object>> settled = docs.subList(56, docs.size());
      for (String field :
          List.of(
              "promoted_28d",
              "demoted_28d",
              "newcomer_retention_28d",
              "pay_it_forward_28d",
              "referral_conversions_28d",
              "referral_conversion_value_28d",
              "response_rate_24h_7d",
              "median_first_response_minutes_7d",
              "health_index")) {
        assertThat(docs.stream().map(d -> d.get(field)).filter(Objects::nonNull).distinct())
            .as("%s: distinct values of %s", community, field)
            .hasSizeGreaterThanOrEqualTo(5);
      }
      for (String field :
          List.of(
              "newcomer_retention_28d",
              "pay_it_forward_28d",
              "response_rate_24h_7d",
              "median_first_response_minutes_7d")) {
        assertThat(docs)
            .as("%s: days without %s", community, field)
            .anyMatch(d -> d.get(field) == null);
        assertThat(settled.stream().filter(d -> d.get(field) != null).count())
            .as("%s: days from the 57th with %s", community, field)
            .isGreaterThanOrEqualTo(settled.size() * 4L / 5);
      }
      assertThat(docs)
          .as("%s: days with promotions", community)
          .filteredOn(positive("promoted_28d"))
          .hasSizeGreaterThan(20);
      assertThat(docs)
          .as("%s: days with demotions", community)
          .filteredOn(positive("demoted_28d"))
          .hasSizeGreaterThan(20);
      assertThat(docs)
          .as("%s: days with referral conversions", community)
          .filteredOn(positive("referral_conversions"))
          .hasSizeGreaterThan(LongHistory.DAYS / 5);
      assertThat(docs)
          .as("%s: days with newcomers", community)
          .filteredOn(positive("new_members_1d"))
          .hasSizeGreaterThan(10);
      assertThat(
              docs.stream().map(d -> d.get("value_quadrant")).filter(Objects::nonNull).distinct())
          .as("%s: value quadrants", community)
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(docs).allSatisfy(d -> assertThat(d).containsEntry("final", true));
      assertThat(LocalDate.parse((String) docs.get(0).get("day")).toEpochDay()).isEqualTo(firstDay);
    }
    assertThat(days.values().stream().map(d -> d.get("value_quadrant")).distinct())
        .as("value quadrants overall")
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void noHealthIndexIsSoCloseToTheThresholdThatRoundingDecidesItsQuadrant() {
    for (Map.Entry<String, Map<String, Object>> day : days.entrySet()) {
      Map<String, Object> d = day.getValue();
      long active = (long) d.get("active_members_28d");
      Double health =
          ReferenceCommunities.health(
              (Double) d.get("stickiness"),
              (Double) d.get("response_rate_24h_7d"),
              (Double) d.get("median_first_response_minutes_7d"),
              (Double) d.get("reciprocity_28d"),
              active == 0
                  ? null
                  : ((long) d.get("creators") + (long) d.get("contributors")) / (double) active);
      assertThat(health == null || Math.abs(health - ReferenceCommunities.HEALTH_THRESHOLD) >= 0.05)
          .as("%s: health %s", day.getKey(), health)
          .isTrue();
    }
  }

  @Test
  void memberDocumentsShowLevelsMovingBothWaysAndDocumentsFrozenAtBothHorizons() {
    String asOf = LongHistory.lastDay().toString();
    Map<String, Long> changes = new HashMap<>();
    Set<Object> levelsAgo = new HashSet<>();
    Set<Object> scoresAgo = new HashSet<>();
    int frozen = 0;
    int fadingOut = 0;
    for (Map<String, Object> doc : members.values()) {
      changes.merge((String) doc.get("level_change"), 1L, Long::sum);
      levelsAgo.add(doc.get("level_28d_ago"));
      scoresAgo.add(doc.get("engagement_score_28d_ago"));
      if (!asOf.equals(doc.get("as_of"))) {
        frozen++;
      } else if ("dormant".equals(doc.get("level"))
          && !"dormant".equals(doc.get("level_28d_ago"))) {
        fadingOut++; // all zero today, but not yet 28 days ago: not frozen before L + 56
      }
    }
    assertThat(changes.keySet()).containsExactlyInAnyOrder("up", "down", "same");
    assertThat(levelsAgo).hasSizeGreaterThanOrEqualTo(3);
    assertThat(scoresAgo).hasSizeGreaterThanOrEqualTo(10);
    assertThat(frozen).as("documents frozen before the as-of day").isGreaterThanOrEqualTo(3);
    assertThat(fadingOut).as("dormant documents still changing").isGreaterThanOrEqualTo(1);
  }

  @Test
  void noUnboundClickComesNearTheEndOfItsDevicesBindingAndSomeComeAfterIt() {
    long ttl = RULES.bindingTtl().toMillis();
    Map<String, Long> bindings = new HashMap<>(); // community/device -> latest binding
    int expired = 0;
    for (SpecificRecord e : events) {
      if (e instanceof ClickEvent c) {
        String device = c.getCommunityId() + "/" + c.getAnonymousId();
        long at = c.getOccurredAt().toEpochMilli();
        Long bound = bindings.get(device);
        if (c.getMemberId() != null) {
          bindings.put(device, at);
        } else if (bound != null) {
          assertThat(Math.abs(at - bound - ttl))
              .as("%s: a click %s after its device's binding", c.getEventId(), at - bound)
              .isGreaterThan(DAY);
          expired += at - bound > ttl ? 1 : 0;
        }
      }
    }
    assertThat(expired).as("unbound clicks after identity.binding-ttl").isPositive();
  }

  @Test
  void noSessionCrossesMidnight() {
    for (List<Attributed> session :
        ReferenceSessions.split(
            ReferenceSessions.attribute(events, GAP, MAX_LENGTH), GAP, MAX_LENGTH)) {
      assertThat(Math.floorDiv(session.get(session.size() - 1).at(), DAY))
          .isEqualTo(Math.floorDiv(session.get(0).at(), DAY));
    }
  }

  private static Map<String, TreeSet<Long>> ownDays() {
    Map<String, TreeSet<Long>> ownDays = new HashMap<>();
    for (Attributed a : ReferenceSessions.attribute(events, GAP, MAX_LENGTH)) {
      if (!a.actor().startsWith("anon:")) {
        ownDays
            .computeIfAbsent(a.communityId() + "/" + a.actor(), k -> new TreeSet<>())
            .add(Math.floorDiv(a.at(), DAY));
      }
    }
    return ownDays;
  }

  private static Predicate<Map<String, Object>> positive(String field) {
    return d -> ((Number) d.get(field)).doubleValue() > 0;
  }

  private static long sum(String field) {
    return days.values().stream().mapToLong(d -> (long) d.get(field)).sum();
  }

  private static String dayId(String community, long epochDay) {
    return community + "/" + LocalDate.ofEpochDay(epochDay);
  }
}
