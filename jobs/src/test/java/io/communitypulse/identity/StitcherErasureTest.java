package io.communitypulse.identity;

import static io.communitypulse.identity.ClickFixtures.COMMUNITY;
import static io.communitypulse.identity.ClickFixtures.T0;
import static io.communitypulse.identity.ClickFixtures.memberPage;
import static io.communitypulse.identity.ClickFixtures.minute;
import static io.communitypulse.identity.ClickFixtures.page;
import static io.communitypulse.identity.ClickFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgettingHarness;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.testing.CloseAfterEach;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the stitcher forgets of a member: a device bound only to them forgets everything; a device
 * they shared keeps the other member's clicks and bindings, so that member's attribution goes on as
 * if the erasure had not happened; and while suppressed, their clicks are dropped.
 */
class StitcherErasureTest {

  private static final String ANA = "ana";
  private static final String BEN = "ben";
  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);

  /** The wall clock when the request is made (the clicks are event time, months before). */
  private static final long NOW = Instant.parse("2026-06-01T08:00:00Z").toEpochMilli();

  private static final String[] STATES = {"bucket-index", "click-buckets", "anchor"};

  /** When every click of the first bucket can no longer change, so the stitcher forgets it. */
  private static final Duration HORIZON =
      JobDefaults.ALLOWED_LATENESS
          .plus(JobDefaults.MAX_SESSION_LENGTH)
          .plus(DeviceTimeline.BUCKET_WIDTH);

  @RegisterExtension final CloseAfterEach harnesses = new CloseAfterEach();

  private ForgettingHarness<String, ClickEvent, ActivityEvent> open(Duration suppressFor)
      throws Exception {
    var h =
        ForgettingHarness.open(
            new ForgettingStage<>(
                new ClickStitcher(JobDefaults.SESSIONS, JobDefaults.ALLOWED_LATENESS),
                new StitcherErasure(),
                suppressFor),
            new ClickStitcher.DeviceKey(),
            Types.STRING);
    h.processingTime(NOW);
    harnesses.add(h);
    return h;
  }

  private static void feed(
      ForgettingHarness<String, ClickEvent, ActivityEvent> h, ClickEvent... clicks)
      throws Exception {
    for (ClickEvent c : clicks) {
      h.send(c, c.getOccurredAt().toEpochMilli());
    }
  }

  private static Erasure erasureOf(String member) {
    return Erasure.of("r-" + member, COMMUNITY, member, NOW);
  }

  private static String device(String anonymousId) {
    return COMMUNITY + "/" + anonymousId;
  }

  /** Whether anything the stitcher holds for the device names {@code member}, URLs included. */
  private static boolean namesMember(
      ForgettingHarness<String, ClickEvent, ActivityEvent> h, String device, String member)
      throws Exception {
    h.atKey(device);
    KeyedStateBackend<String> backend = h.harness().getOperator().getKeyedStateBackend();
    ValueState<Binding> anchor =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            ClickStitcher.anchorDescriptor());
    if (anchor.value() != null && member.equals(anchor.value().memberId)) {
      return true;
    }
    MapState<Long, ClickBucket> buckets =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            ClickStitcher.bucketsDescriptor());
    for (ClickBucket bucket : buckets.values()) {
      for (StitchedClick c : bucket.clicks) {
        if (member.equals(c.boundMemberId)
            || member.equals(c.event.memberId)
            || member.equals(c.event.actor)
            || member.equals(c.event.referredBy)
            || (c.event.url != null && c.event.url.contains(member))
            || (c.event.referrer != null && c.event.referrer.contains(member))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Ana and Ben each on their own device, and Ana's id in another community. */
  private static void twoDevicesAndAnotherCommunity(
      ForgettingHarness<String, ClickEvent, ActivityEvent> h) throws Exception {
    feed(
        h,
        signIn("a-in", "dev-a", minute(0), ANA),
        page("a1", "dev-a", minute(5)),
        page("a2", "dev-a", minute(10)),
        signIn("b-in", "dev-b", minute(0), BEN),
        page("b1", "dev-b", minute(5)),
        ClickFixtures.click("other", "o-in", "dev-o", minute(0), ANA, ClickType.SIGN_IN));
  }

  @Test
  void aDeviceBoundOnlyToTheMemberIsWhollyCleared() throws Exception {
    var h = open(SUPPRESS_FOR);
    twoDevicesAndAnotherCommunity(h);
    h.drain();
    assertThat(h.keysWith(STATES)).contains(device("dev-a"));
    int before = h.numKeyedStateEntries();

    h.erase(erasureOf(ANA));

    assertThat(h.drain()).as("nothing is re-emitted: what was counted stays counted").isEmpty();
    assertThat(h.keysWith(STATES)).containsExactly(device("dev-b"), "other/dev-o");
    // dev-a held its bucket index and its buckets.
    assertThat(h.numKeyedStateEntries()).isEqualTo(before - 2);
    assertThat(namesMember(h, device("dev-b"), ANA)).isFalse();
  }

  @Test
  void theTimersOfAClearedDeviceEmitNothing() throws Exception {
    var h = open(SUPPRESS_FOR);
    twoDevicesAndAnotherCommunity(h);
    h.drain();
    h.erase(erasureOf(ANA));

    h.watermark(T0.plus(Duration.ofDays(100)).toEpochMilli());

    assertThat(h.drain()).isEmpty();
    assertThat(h.keysWith(STATES)).isEmpty();
  }

  @Test
  void aDeviceThatOnlyRemembersTheMembersSignInForgetsItSoLaterPagesStayAnonymous()
      throws Exception {
    // Past the horizon the clicks are forgotten but the sign-in still binds later pages (rule 2).
    long afterHorizon = T0.plus(HORIZON).plus(Duration.ofHours(1)).toEpochMilli();
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    for (var h : List.of(control, erased)) {
      feed(h, signIn("a-in", "dev-a", minute(0), ANA));
      h.watermark(afterHorizon);
      h.drain();
    }
    assertThat(erased.keysWith("anchor")).containsExactly(device("dev-a"));
    assertThat(erased.keysWith("bucket-index", "click-buckets")).isEmpty();

    erased.erase(erasureOf(ANA));
    assertThat(erased.keysWith(STATES)).isEmpty();

    ClickEvent later = page("p", "dev-a", Instant.ofEpochMilli(afterHorizon + 60_000));
    feed(control, later);
    feed(erased, later);
    assertThat(control.drain()).extracting(e -> e.actor).containsExactly(ANA);
    assertThat(erased.drain()).extracting(e -> e.actor).containsExactly("anon:dev-a");
  }

  /**
   * Ana signs in and browses; hours later Ben uses the same browser, first anonymously (his pages
   * go to Ana by rule 2), then signs in and claims them (rule 1).
   */
  private static void sharedDevice(ForgettingHarness<String, ClickEvent, ActivityEvent> h)
      throws Exception {
    feed(
        h,
        signIn("a-in", "dev", minute(0), ANA),
        page("a1", "dev", minute(5)),
        page("a2", "dev", minute(10)),
        page("a3", "dev", minute(120)),
        page("b1", "dev", minute(180)),
        page("b2", "dev", minute(185)),
        signIn("b-in", "dev", minute(190), BEN),
        page("b3", "dev", minute(195)));
  }

  @Test
  void aSharedDeviceKeepsTheOtherMembersClicksAndBindings() throws Exception {
    var h = open(SUPPRESS_FOR);
    sharedDevice(h);
    h.drain();
    assertThat(namesMember(h, device("dev"), ANA)).isTrue();

    h.erase(erasureOf(ANA));

    assertThat(h.drain()).isEmpty();
    assertThat(h.keysWith(STATES)).containsExactly(device("dev"));
    assertThat(namesMember(h, device("dev"), ANA)).isFalse();
    assertThat(namesMember(h, device("dev"), BEN)).isTrue();
  }

  @Test
  void theOtherMembersLaterAttributionIsAsWithoutTheErasure() throws Exception {
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    sharedDevice(control);
    sharedDevice(erased);
    control.drain();
    erased.drain();

    erased.erase(erasureOf(ANA));
    ClickEvent[] later = {
      page("b4", "dev", minute(200)),
      // A gap later: still Ben's by rule 2, from his sign-in.
      page("b5", "dev", minute(260)),
      memberPage("b6", "dev", minute(265), BEN)
    };
    feed(control, later);
    feed(erased, later);

    List<ActivityEvent> expected = control.drain();
    assertThat(expected).extracting(e -> e.actor).containsOnly(BEN);
    assertThat(erased.drain()).isEqualTo(expected);
  }

  @Test
  void aLatePageInTheMembersOldRunNoLongerGoesToThem() throws Exception {
    var h = open(SUPPRESS_FOR);
    sharedDevice(h);
    h.drain();
    h.erase(erasureOf(ANA));

    feed(h, page("late", "dev", minute(7)));

    assertThat(h.drain())
        .extracting(e -> e.eventId, e -> e.actor, e -> e.retraction)
        .containsExactly(tuple("late", "anon:dev", false));
  }

  @Test
  void anotherVisitorsClickNamingTheMemberIsReEmittedWithoutTheirId() throws Exception {
    // A visitor lands through Ana's share link on her profile; Ben signs in on that browser only
    // after Ana was forgotten, and claims the landing page: it is emitted again, as his.
    var h = open(SUPPRESS_FOR);
    ClickEvent landing = page("v1", "dev-v", minute(0));
    landing.setUrl("https://makers.example/u/" + ANA + "?ref=" + ANA);
    landing.setReferrer("https://makers.example/members/" + ANA);
    landing.setReferredBy(ANA);
    feed(h, landing);
    h.drain();

    h.erase(erasureOf(ANA));
    assertThat(namesMember(h, device("dev-v"), ANA)).isFalse();
    feed(h, signIn("b-in", "dev-v", minute(5), BEN));

    List<ActivityEvent> out = h.drain();
    assertThat(out)
        .extracting(e -> e.eventId, e -> e.actor, e -> e.retraction)
        .containsExactly(
            tuple("v1", "anon:dev-v", true), tuple("v1", BEN, false), tuple("b-in", BEN, false));
    ActivityEvent claimed = out.get(1);
    assertThat(claimed.url).isEqualTo("https://makers.example/u/forgotten?ref=forgotten");
    assertThat(claimed.referrer).isEqualTo("https://makers.example/members/forgotten");
    assertThat(claimed.referredBy).isNull();
  }

  @Test
  void theMembersClicksAreDroppedWhileSuppressed() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.erase(erasureOf(ANA));

    feed(
        h,
        signIn("a-in", "dev-a", minute(0), ANA),
        memberPage("a1", "dev-a", minute(1), ANA),
        signIn("b-in", "dev-b", minute(0), BEN));

    assertThat(h.drain()).extracting(e -> e.eventId).containsExactly("b-in");
    assertThat(h.keysWith(STATES)).containsExactly(device("dev-b"));
  }

  @Test
  void withSuppressionOffTheMembersClicksAreStitchedAgain() throws Exception {
    var h = open(Duration.ZERO);
    h.erase(erasureOf(ANA));

    feed(h, signIn("a-in", "dev-a", minute(0), ANA));

    assertThat(h.drain()).extracting(e -> e.actor).containsExactly(ANA);
  }

  @Test
  void theMembersClicksCountAgainOnceTheSuppressionEnds() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.erase(erasureOf(ANA));
    h.processingTime(NOW + SUPPRESS_FOR.toMillis());

    feed(h, signIn("a-in", "dev-a", minute(0), ANA));

    assertThat(h.drain()).extracting(e -> e.actor).containsExactly(ANA);
  }

  @Test
  void anErasureOfAMemberNobodyKnowsIsHarmless() throws Exception {
    var h = open(SUPPRESS_FOR);
    sharedDevice(h);
    h.drain();
    int before = h.numKeyedStateEntries();

    h.erase(erasureOf("nobody"));

    assertThat(h.drain()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isEqualTo(before);
    assertThat(namesMember(h, device("dev"), ANA)).isTrue();
  }
}
