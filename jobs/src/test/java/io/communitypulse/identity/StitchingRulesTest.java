package io.communitypulse.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StitchingRulesTest {

  private static final long MIN = Duration.ofMinutes(1).toMillis();
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long DAY = Duration.ofDays(1).toMillis();

  private final StitchingRules rules =
      new StitchingRules(
          JobDefaults.SESSION_GAP, JobDefaults.MAX_SESSION_LENGTH, JobDefaults.BINDING_TTL);

  /** A click of one device: unbound when {@code member} is null. */
  record C(long timestamp, String eventId, String boundMemberId) implements TimelineClick {}

  private static C page(long t, String id) {
    return new C(t, id, null);
  }

  private static C bind(long t, String id, String member) {
    return new C(t, id, member);
  }

  @Test
  void preSignInPagesBelongToTheMemberWhoSignsIn() {
    List<C> timeline =
        List.of(
            page(0, "p1"), page(5 * MIN, "p2"), page(10 * MIN, "p3"), bind(15 * MIN, "s", "ana"));

    assertThat(rules.assignAll(timeline)).containsExactly("ana", "ana", "ana", "ana");
  }

  @Test
  void aGapOfExactlyTheSessionGapBreaksTheRun() {
    List<C> timeline = List.of(page(0, "p1"), page(30 * MIN, "p2"), bind(31 * MIN, "s", "ana"));

    assertThat(rules.assignAll(timeline)).containsExactly(null, "ana", "ana");
  }

  @Test
  void theGapToTheSignInItselfCountsToo() {
    assertThat(rules.assignAll(List.of(page(0, "p"), bind(30 * MIN, "s", "ana"))))
        .containsExactly(null, "ana");
    assertThat(rules.assignAll(List.of(page(0, "p"), bind(30 * MIN - 1, "s", "ana"))))
        .containsExactly("ana", "ana");
  }

  @Test
  void theRunReachesBackLessThanTheMaximumSessionLength() {
    // Pages every 20 minutes for 13 hours, then a sign-in: an unbroken run longer than the cap.
    List<C> timeline = new java.util.ArrayList<>();
    for (int i = 0; i < 39; i++) {
      timeline.add(page(i * 20 * MIN, "p" + i));
    }
    timeline.add(bind(13 * HOUR, "s", "ana"));

    String[] members = rules.assignAll(timeline);

    for (int i = 0; i < 39; i++) {
      long before = 13 * HOUR - i * 20 * MIN;
      assertThat(members[i])
          .as("page %d, %d min before", i, before / MIN)
          .isEqualTo(before < 12 * HOUR ? "ana" : null);
    }
  }

  @Test
  void theNextSignInClaimsItsPreSignInPagesEvenIfAnotherMemberBoundTheDeviceBefore() {
    List<C> timeline =
        List.of(
            bind(0, "a", "ana"),
            page(10 * MIN, "p1"),
            page(3 * HOUR, "p2"),
            page(3 * HOUR + 5 * MIN, "p3"),
            bind(3 * HOUR + 10 * MIN, "b", "ben"),
            page(3 * HOUR + 15 * MIN, "p4"));

    assertThat(rules.assignAll(timeline)).containsExactly("ana", "ana", "ben", "ben", "ben", "ben");
  }

  @Test
  void theLatestEarlierBindingWinsOnASharedDevice() {
    List<C> timeline = List.of(bind(0, "a", "ana"), bind(HOUR, "b", "ben"), page(5 * HOUR, "p"));

    assertThat(rules.assignAll(timeline)).containsExactly("ana", "ben", "ben");
  }

  @Test
  void aNeverBoundDeviceIsAVisitor() {
    assertThat(rules.assignAll(List.of(page(0, "p1"), page(MIN, "p2"))))
        .containsExactly(null, null);
  }

  @Test
  void aBindingStopsClaimingLaterClicksAfterTheTtl() {
    List<C> timeline = List.of(bind(0, "a", "ana"), page(90 * DAY - 1, "p1"), page(90 * DAY, "p2"));

    assertThat(rules.assignAll(timeline)).containsExactly("ana", "ana", null);
  }

  @Test
  void tiesAreOrderedByEventId() {
    // Same millisecond: "a-page" sorts before "b-sign-in" and is a pre-sign-in page; "c-page" is
    // after it and is the member's by rule 2. The caller sorts; the rules read the order given.
    List<C> timeline = List.of(page(0, "a-page"), bind(0, "b-sign-in", "ana"), page(0, "c-page"));
    assertThat(timeline).isSortedAccordingTo(TimelineClick.ORDER);

    assertThat(rules.assignAll(timeline)).containsExactly("ana", "ana", "ana");
    assertThat(
            rules.assignAll(
                List.of(page(0, "a-page"), page(40 * MIN, "x"), bind(40 * MIN, "y", "ana"))))
        .containsExactly(null, "ana", "ana");
  }

  @Test
  void aSliceUsesTheBindingBeforeItForRuleTwo() {
    Binding before = new Binding(-2 * HOUR, "a", "ana");

    assertThat(rules.assign(before, List.of(page(0, "p1"), page(HOUR, "p2"))))
        .containsExactly("ana", "ana");
    assertThat(rules.assign(null, List.of(page(0, "p1")))).containsExactly((String) null);
  }

  @Test
  void rejectsNonPositiveDurations() {
    assertThatThrownBy(
            () -> new StitchingRules(Duration.ZERO, Duration.ofHours(12), Duration.ofDays(90)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionGap");
  }
}
