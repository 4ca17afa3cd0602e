package io.communitypulse.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceSessions.Attributed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The long history has what {@code LongHistoryITCase} relies on: members silent for more than the
 * 28-day window who come back, a member who joins in the last week, long-silent members, content
 * the join has to resolve, referral conversions, and its last event at noon of the last day.
 */
class LongHistoryTest {

  private static final long DAY = 86_400_000L;
  private static final Duration GAP = Duration.ofMinutes(30);
  private static final Duration MAX_LENGTH = Duration.ofHours(12);

  private final List<SpecificRecord> events = LongHistory.events();

  @Test
  void isDeterministicSizedAndEndsAtNoonOfItsLastDay() {
    assertThat(LongHistory.events()).isEqualTo(events);
    assertThat(events).hasSizeBetween(8_000, 20_000);
    assertThat(events.stream().map(InputPlan::eventId).distinct()).hasSameSizeAs(events);
    long last = InputPlan.occurredAt(events.get(events.size() - 1));
    assertThat(Instant.ofEpochMilli(last))
        .isEqualTo(LongHistory.lastDay().atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
    assertThat(Math.floorDiv(InputPlan.occurredAt(events.get(0)), DAY))
        .isEqualTo(LongHistory.FIRST_DAY.toEpochDay());
  }

  @Test
  void everyCommunityHasReturnersALateJoinerAndLongSilentMembers() {
    Map<String, TreeSet<Long>> ownDays = new HashMap<>();
    for (Attributed a : ReferenceSessions.attribute(events, GAP, MAX_LENGTH)) {
      if (!a.actor().startsWith("anon:")) {
        ownDays
            .computeIfAbsent(a.communityId() + "/" + a.actor(), k -> new TreeSet<>())
            .add(Math.floorDiv(a.at(), DAY));
      }
    }
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
              if (previous != null && day - previous > 28 && day - previous < 90) {
                returners.add(member);
              }
              previous = day;
            }
            if (days.first() > lastDay - 7) {
              lateJoiners.add(member);
            }
            if (days.last() + 28 < lastDay) {
              longSilent.add(member);
            }
          });
      assertThat(returners)
          .as("members of %s back after > 28 days", community)
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(lateJoiners).as("members of %s joining in the last week", community).isNotEmpty();
      assertThat(longSilent).as("members of %s silent since > 28 days", community).isNotEmpty();
      assertThat(ownDays.keySet().stream().filter(m -> m.startsWith(community + "/")).count())
          .isBetween(15L, 25L);
    }
  }

  @Test
  void exercisesTheContentJoinReferralsAndStitching() {
    Map<String, Integer> kinds = new HashMap<>();
    for (SpecificRecord e : events) {
      if (e instanceof PostEvent p) {
        String target = p.getTargetMemberId() == null ? "untargeted" : "targeted";
        if (p.getTargetMemberId() != null && p.getTargetMemberId().equals(p.getMemberId())) {
          target = "self";
        }
        kinds.merge(p.getType() + " " + target, 1, Integer::sum);
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
            "MENTION targeted",
            "MENTION untargeted",
            "SHARE untargeted",
            "POST untargeted",
            "referred",
            "conversion",
            "anonymous sign-up",
            "member sign-up",
            "unbound click");
    assertThat(kinds.get("conversion")).isGreaterThan(10);
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
}
