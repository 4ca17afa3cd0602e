package io.communitypulse.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.reference.ReferenceMembers.Absence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The reference models on inputs small enough to check by hand: forgetting after {@code
 * member.memory}, the frozen {@code as_of}, the figures of 28 days ago, help paid forward (and
 * self-replies that are no help), the seven-day response figures and when a day is final.
 */
class ReferenceModelsTest {

  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY0 = LocalDate.parse("2026-01-05").toEpochDay();
  private static final ReferenceRules RULES =
      ReferenceRules.withSessions(Duration.ofMinutes(30), Duration.ofHours(12));

  private final List<SpecificRecord> events = new ArrayList<>();
  private int sequence;

  @Test
  void aMemberSilentForLongerThanTheMemoryComesBackAsNew() {
    view("ann", 0);
    view("bob", 0);
    view("ann", 50); // 50 days: remembered
    view("bob", 100); // 100 days: forgotten after 90
    view("ann", 100);

    Map<String, Map<String, Object>> members = ReferenceMembers.compute(events, RULES);
    assertThat(members.get("c/ann").get("first_seen")).isEqualTo(at(0));
    assertThat(members.get("c/bob").get("first_seen")).isEqualTo(at(100));
    assertThat(members.get("c/bob").get("last_seen")).isEqualTo(at(100));
    assertThat(ReferenceMembers.absences(events, RULES))
        .extracting(Absence::member, Absence::forgotten)
        .containsExactly(tuple("c/ann", false), tuple("c/ann", false), tuple("c/bob", true));
    Map<String, Map<String, Object>> days = ReferenceCommunities.compute(events, RULES, 0);
    assertThat(days.get(id(0)).get("new_members_1d")).isEqualTo(2L);
    assertThat(days.get(id(50)).get("new_members_1d")).isEqualTo(0L);
    assertThat(days.get(id(100)).get("new_members_1d")).isEqualTo(1L);
  }

  @Test
  void aDocumentFreezes56DaysAfterTheMembersLastFactAndComparesWith28DaysBefore() {
    view("ann", 0);
    view("bob", 60);
    post("bob", 61, "q1", null, null);
    view("cid", 100);

    Map<String, Map<String, Object>> members = ReferenceMembers.compute(events, RULES);
    assertThat(members.get("c/ann"))
        .containsEntry("as_of", LocalDate.ofEpochDay(DAY0 + 56).toString())
        .containsEntry("level", "dormant")
        .containsEntry("level_28d_ago", "dormant")
        .containsEntry("level_change", "same")
        .containsEntry("engagement_score_28d_ago", 0.0);
    assertThat(members.get("c/bob"))
        .containsEntry("as_of", LocalDate.ofEpochDay(DAY0 + 100).toString())
        .containsEntry("level", "dormant")
        .containsEntry("level_28d_ago", "contributor") // the window of days 45-72
        .containsEntry("level_change", "down")
        .containsEntry("engagement_score_28d_ago", 0.1 + 5 + 2);
    assertThat(members.get("c/cid"))
        .containsEntry("level", "lurker")
        .containsEntry("level_change", "up");
    Map<String, Map<String, Object>> days = ReferenceCommunities.compute(events, RULES, 0);
    assertThat(days.get(id(61))).containsEntry("promoted_28d", 1L).containsEntry("demoted_28d", 0L);
    assertThat(days.get(id(89))).containsEntry("promoted_28d", 0L).containsEntry("demoted_28d", 1L);
    assertThat(days.get(id(100))).containsEntry("promoted_28d", 1L);
    assertThat(days.get(id(61))).containsEntry("newcomer_retention_28d", null);
    assertThat(days.get(id(88))).containsEntry("newcomer_retention_28d", 1.0); // bob: 60, 61
    assertThat(days.get(id(28))).containsEntry("newcomer_retention_28d", 0.0); // ann: day 0 only
  }

  @Test
  void helpIsPaidForwardByReplyingToAnotherMemberNotToOneself() {
    post("ann", 0, "q1", null, null);
    post("bob", 0, "r1", "q1", null); // ann receives help
    post("cid", 0, "q2", null, null);
    post("bob", 0, "r2", "q2", "cid"); // cid receives help
    post("ann", 30, "r3", "r1", null); // ann pays it forward, to bob
    post("cid", 30, "r4", "q2", null); // cid talks to themself

    Map<String, Map<String, Object>> days = ReferenceCommunities.compute(events, RULES, 0);
    assertThat(days.get(id(27))).containsEntry("pay_it_forward_28d", null);
    assertThat(days.get(id(28))).containsEntry("pay_it_forward_28d", 0.0);
    assertThat(days.get(id(30))).containsEntry("pay_it_forward_28d", 0.5);
  }

  @Test
  void responseFiguresOfTheSevenDaysBeforeCountAnswersWithin24Hours() {
    post("ann", 0, "q1", null, null, 23 * HOUR + 59 * 60_000L);
    post("bob", 1, "r1", "q1", null, 30 * 60_000L); // 31 minutes later, the next day
    post("ann", 2, "q2", null, null, 10 * HOUR);
    post("bob", 3, "r2", "q2", null, 12 * HOUR); // 26 hours later
    post("ann", 2, "q3", null, null, 11 * HOUR);
    post("ann", 2, "q4", null, null, 12 * HOUR);
    post("ann", 2, "r5", "q4", null, 12 * HOUR + 60_000L); // oneself: no answer
    view("cid", 10);

    Map<String, Map<String, Object>> days = ReferenceCommunities.compute(events, RULES, 0);
    assertThat(days.get(id(0)))
        .containsEntry("response_rate_24h_7d", null)
        .containsEntry("median_first_response_minutes_7d", null);
    assertThat(days.get(id(1)))
        .containsEntry("response_rate_24h_7d", 1.0)
        .containsEntry("median_first_response_minutes_7d", 31.0);
    assertThat(days.get(id(3)))
        .containsEntry("response_rate_24h_7d", 0.25)
        .containsEntry("median_first_response_minutes_7d", 31.0)
        .containsEntry("median_first_response_minutes", null);
    assertThat(days.get(id(2))).containsEntry("median_first_response_minutes", 26 * 60.0);
    assertThat(days.get(id(7))).containsEntry("response_rate_24h_7d", 0.25);
    assertThat(days.get(id(8))).containsEntry("response_rate_24h_7d", 0.0);
    assertThat(days.get(id(9))).containsEntry("response_rate_24h_7d", 0.0);
    assertThat(days.get(id(10))).containsEntry("response_rate_24h_7d", null);
  }

  @Test
  void aDayIsFinalOnceTheWatermarkPassedItsEndPlusTheSignalLateness() {
    assertThat(RULES.finalAfter()).isEqualTo(Duration.ofMinutes(25 * 60 + 30));
    view("ann", 0);
    view("ann", 2);
    long endOfDay0 = (DAY0 + 1) * DAY;
    Map<String, Map<String, Object>> justBefore =
        ReferenceCommunities.compute(events, RULES, endOfDay0 + 25 * HOUR + HOUR / 2);
    Map<String, Map<String, Object>> justAfter =
        ReferenceCommunities.compute(events, RULES, endOfDay0 + 25 * HOUR + HOUR / 2 + 1);
    assertThat(justBefore.get(id(0))).containsEntry("final", false);
    assertThat(justAfter.get(id(0))).containsEntry("final", true);
    assertThat(justAfter.get(id(1))).containsEntry("final", false);
    assertThat(ReferenceCommunities.compute(events, Duration.ofMinutes(30), Duration.ofHours(12)))
        .allSatisfy((day, doc) -> assertThat(doc).containsEntry("final", true));
  }

  private static long at(int day) {
    return (DAY0 + day) * DAY + 9 * HOUR;
  }

  private static String id(int day) {
    return "c/" + LocalDate.ofEpochDay(DAY0 + day);
  }

  private void view(String member, int day) {
    events.add(
        ClickEvent.newBuilder()
            .setEventId("e" + ++sequence)
            .setCommunityId("c")
            .setOccurredAt(Instant.ofEpochMilli(at(day)))
            .setAnonymousId("d-" + member)
            .setMemberId(member)
            .setType(ClickType.PAGE_VIEW)
            .build());
  }

  private void post(String member, int day, String content, String parent, String target) {
    post(member, day, content, parent, target, 9 * HOUR + sequence * 60_000L);
  }

  private void post(
      String member, int day, String content, String parent, String target, long timeOfDay) {
    events.add(
        PostEvent.newBuilder()
            .setEventId("e" + ++sequence)
            .setCommunityId("c")
            .setOccurredAt(Instant.ofEpochMilli((DAY0 + day) * DAY + timeOfDay))
            .setMemberId(member)
            .setType(parent == null ? PostType.POST : PostType.REPLY)
            .setContentId(content)
            .setParentContentId(parent)
            .setTargetMemberId(target)
            .build());
  }
}
