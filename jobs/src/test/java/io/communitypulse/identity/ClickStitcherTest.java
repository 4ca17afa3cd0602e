package io.communitypulse.identity;

import static io.communitypulse.identity.ClickFixtures.at;
import static io.communitypulse.identity.ClickFixtures.feed;
import static io.communitypulse.identity.ClickFixtures.memberPage;
import static io.communitypulse.identity.ClickFixtures.minute;
import static io.communitypulse.identity.ClickFixtures.page;
import static io.communitypulse.identity.ClickFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.identity.ClickFixtures.Ledger;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickStitcherTest {

  private static final Duration HORIZON =
      JobDefaults.ALLOWED_LATENESS
          .plus(JobDefaults.MAX_SESSION_LENGTH)
          .plus(DeviceTimeline.BUCKET_WIDTH);

  private KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> harness;
  private final Ledger ledger = new Ledger();

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ClickFixtures.harness(
            new ClickStitcher(JobDefaults.SESSIONS, JobDefaults.ALLOWED_LATENESS));
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  /** Everything emitted since the last call, also applied to the ledger. */
  private List<ActivityEvent> drain() {
    List<ActivityEvent> out = harness.extractOutputValues();
    harness.getOutput().clear();
    ledger.apply(out);
    return out;
  }

  private void watermark(Instant t) throws Exception {
    harness.processWatermark(t.toEpochMilli());
  }

  @Test
  void preSignInPagesAreRetractedFromTheVisitorAndJoinedToTheMember() throws Exception {
    feed(harness, page("p1", "dev", minute(0)), page("p2", "dev", minute(5)));
    feed(harness, page("p3", "dev", minute(10)));
    assertThat(drain())
        .extracting(e -> e.eventId, e -> e.actor, e -> e.retraction)
        .containsExactly(
            tuple("p1", "anon:dev", false),
            tuple("p2", "anon:dev", false),
            tuple("p3", "anon:dev", false));

    feed(harness, signIn("s", "dev", minute(15), "ana"));

    assertThat(drain())
        .extracting(e -> e.eventId, e -> e.actor, e -> e.retraction)
        .containsExactly(
            tuple("p1", "anon:dev", true),
            tuple("p1", "ana", false),
            tuple("p2", "anon:dev", true),
            tuple("p2", "ana", false),
            tuple("p3", "anon:dev", true),
            tuple("p3", "ana", false),
            tuple("s", "ana", false));
    assertThat(ledger.actors())
        .containsOnlyKeys("p1", "p2", "p3", "s")
        .allSatisfy((id, actor) -> assertThat(actor).isEqualTo("ana"));
    assertThat(ledger.event("p1").memberId).isEqualTo("ana");
  }

  @Test
  void aGapOfExactlyTheSessionGapBeforeTheSignInLeavesThePageAnonymous() throws Exception {
    feed(
        harness,
        page("p1", "dev", minute(0)),
        signIn("s", "dev", at(JobDefaults.SESSION_GAP), "ana"));
    drain();

    assertThat(ledger.actorOf("p1")).isEqualTo("anon:dev");
    assertThat(ledger.actorOf("s")).isEqualTo("ana");
  }

  @Test
  void aGapOfExactlyTheSessionGapLeavesThePageWithTheEarlierMember() throws Exception {
    feed(
        harness,
        signIn("a", "dev", minute(-60), "ana"),
        page("p1", "dev", minute(0)),
        signIn("b", "dev", at(JobDefaults.SESSION_GAP), "ben"));
    List<ActivityEvent> out = drain();

    assertThat(ledger.actorOf("p1")).isEqualTo("ana");
    assertThat(Ledger.retractions(out)).isEmpty();
  }

  @Test
  void aSharedDeviceGivesEachMemberTheirOwnPreSignInPages() throws Exception {
    feed(
        harness,
        signIn("a-in", "dev", minute(0), "ana"),
        page("a1", "dev", minute(5)),
        page("a2", "dev", minute(10)),
        page("a3", "dev", minute(120)));
    // Ben uses the same browser hours later and signs in after a few pages.
    feed(harness, page("b1", "dev", minute(180)), page("b2", "dev", minute(185)));
    assertThat(drain()).extracting(e -> e.actor).containsOnly("ana");

    feed(harness, signIn("b-in", "dev", minute(190), "ben"), page("b3", "dev", minute(195)));

    assertThat(Ledger.retractions(drain()))
        .extracting(e -> e.eventId, e -> e.actor)
        .containsExactly(tuple("b1", "ana"), tuple("b2", "ana"));
    assertThat(ledger.actors())
        .containsEntry("a-in", "ana")
        .containsEntry("a1", "ana")
        .containsEntry("a2", "ana")
        .containsEntry("a3", "ana") // an hour before Ben's pages: not in his run
        .containsEntry("b1", "ben")
        .containsEntry("b2", "ben")
        .containsEntry("b-in", "ben")
        .containsEntry("b3", "ben");
  }

  @Test
  void aSignInArrivingAfterThePagesItClaimsRetractsThemFromTheVisitor() throws Exception {
    feed(harness, page("p1", "dev", minute(0)), page("p2", "dev", minute(5)));
    feed(harness, page("p3", "dev", minute(40)));
    watermark(minute(40));
    drain();

    // Dated before the watermark but within the allowed lateness.
    feed(harness, signIn("s", "dev", minute(10), "ana"));

    assertThat(drain())
        .extracting(e -> e.eventId, e -> e.actor, e -> e.retraction)
        .containsExactly(
            tuple("p1", "anon:dev", true),
            tuple("p1", "ana", false),
            tuple("p2", "anon:dev", true),
            tuple("p2", "ana", false),
            tuple("s", "ana", false),
            tuple("p3", "anon:dev", true),
            tuple("p3", "ana", false)); // rule 2: the latest earlier binding
  }

  @Test
  void aLateUnboundPageThatBridgesTheGapJoinsTheRunToTheSignIn() throws Exception {
    feed(
        harness,
        page("p1", "dev", minute(0)),
        signIn("s", "dev", minute(50), "ana"),
        page("p2", "dev", minute(25)));
    drain();

    assertThat(ledger.actors())
        .containsEntry("p1", "ana")
        .containsEntry("p2", "ana")
        .containsEntry("s", "ana");
  }

  @Test
  void aNeverBoundDeviceStaysAVisitor() throws Exception {
    feed(
        harness,
        page("p1", "dev-9", minute(0)),
        page("p2", "dev-9", minute(3)),
        page("p3", "dev-9", minute(90)));
    watermark(minute(90).plus(HORIZON));

    List<ActivityEvent> out = drain();
    assertThat(out)
        .extracting(e -> e.actor, e -> e.memberId, e -> e.retraction)
        .containsOnly(tuple("anon:dev-9", null, false));
    assertThat(out).hasSize(3);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void thePreSignInRunIsCappedAtTheMaximumSessionLength() throws Exception {
    // A page every 20 minutes for 13 hours, then the sign-in.
    for (int i = 0; i < 39; i++) {
      feed(harness, page("p" + i, "dev", minute(20L * i)));
    }
    feed(harness, signIn("s", "dev", minute(13 * 60), "ana"));
    drain();

    assertThat(ledger.actorOf("p38")).as("20 min before").isEqualTo("ana");
    assertThat(ledger.actorOf("p4")).as("11h40 before").isEqualTo("ana");
    assertThat(ledger.actorOf("p3")).as("exactly 12h before").isEqualTo("anon:dev");
    assertThat(ledger.actorOf("p0")).isEqualTo("anon:dev");
  }

  @Test
  void afterTheHorizonOnlyTheAnchorRemainsAndItStillAttributesLaterPages() throws Exception {
    feed(harness, signIn("s", "dev", minute(0), "ana"), page("p1", "dev", minute(5)));
    watermark(minute(5).plus(HORIZON));

    assertThat(harness.numKeyedStateEntries()).as("the anchor only").isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).as("the anchor's expiry").isEqualTo(1);

    Instant weeksLater = minute(5).plus(Duration.ofDays(30));
    watermark(weeksLater);
    feed(harness, page("p2", "dev", weeksLater));
    drain();

    assertThat(ledger.actorOf("p1")).isEqualTo("ana");
    assertThat(ledger.actorOf("p2")).isEqualTo("ana");
  }

  /**
   * Every forgotten bucket with a binding moves the anchor; the previous anchor's expiry timer must
   * go with it, or a device signed in all day collects one timer per bucket, each kept for the
   * binding TTL (90 days).
   */
  @Test
  void aDeviceThatStaysSignedInKeepsOneAnchorExpiryTimer() throws Exception {
    Duration step = Duration.ofMinutes(5);
    Instant end = minute(0).plus(Duration.ofDays(3));
    int n = 0;
    for (Instant t = minute(0); t.isBefore(end); t = t.plus(step)) {
      feed(harness, memberPage("b" + n++, "dev", t, "ana"));
      watermark(t.minusSeconds(10));
      drain();
    }

    // One forget timer per bucket still remembered, and the anchor's expiry.
    long remembered = HORIZON.dividedBy(DeviceTimeline.BUCKET_WIDTH) + 1;
    assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo((int) remembered + 1);

    watermark(end.plus(JobDefaults.BINDING_TTL).plus(HORIZON));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void stateAndTimersAreClearedOnceTheBindingTtlHasPassed() throws Exception {
    feed(harness, signIn("s", "dev", minute(0), "ana"), page("p1", "dev", minute(5)));
    watermark(minute(0).plus(JobDefaults.BINDING_TTL).plus(HORIZON));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // The device is forgotten: a later page is a visitor's.
    Instant later = minute(0).plus(JobDefaults.BINDING_TTL).plus(HORIZON);
    feed(harness, page("p2", "dev", later));
    drain();
    assertThat(ledger.actorOf("p2")).isEqualTo("anon:dev");
  }

  @Test
  void aLateClickDatedJustInsideTheBindingTtlStillGetsTheMember() throws Exception {
    Instant ttlEnds = minute(0).plus(JobDefaults.BINDING_TTL);
    feed(harness, signIn("s", "dev", minute(0), "ana"));
    watermark(ttlEnds.plus(Duration.ofMinutes(30)));

    feed(
        harness,
        page("inside", "dev", ttlEnds.minus(Duration.ofMinutes(10))),
        page("outside", "dev", ttlEnds.plus(Duration.ofMinutes(40))));
    drain();

    assertThat(ledger.actorOf("inside")).isEqualTo("ana");
    assertThat(ledger.actorOf("outside")).isEqualTo("anon:dev");
  }

  @Test
  void signedInPagesBindTheDeviceLikeASignIn() throws Exception {
    feed(
        harness,
        page("p1", "dev", minute(0)),
        memberPage("m1", "dev", minute(2), "ana"),
        page("p2", "dev", minute(4)));
    drain();

    assertThat(ledger.actors()).containsEntry("p1", "ana").containsEntry("p2", "ana");
  }

  @Test
  void devicesAreSeparatedByCommunity() throws Exception {
    ClickEvent other =
        ClickFixtures.click("woodworkers", "w1", "dev", minute(1), null, ClickType.PAGE_VIEW);
    feed(harness, page("p1", "dev", minute(0)), other, signIn("s", "dev", minute(2), "ana"));
    drain();

    assertThat(ledger.actorOf("p1")).isEqualTo("ana");
    assertThat(ledger.actorOf("w1")).isEqualTo("anon:dev");
    assertThat(ClickStitcher.deviceKey(other)).isEqualTo("woodworkers/dev");
  }

  @Test
  void aClickPastTheHorizonIsStillEmittedOnce() throws Exception {
    feed(harness, signIn("s", "dev", minute(0), "ana"));
    watermark(minute(0).plus(HORIZON).plus(HORIZON));
    drain();

    // Breaks the lateness contract: emitted with rule 2 against the anchor, never re-stitched.
    feed(harness, page("p1", "dev", minute(5)));

    assertThat(drain())
        .extracting(e -> e.eventId, e -> e.actor)
        .containsExactly(tuple("p1", "ana"));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }
}
