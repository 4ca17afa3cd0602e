package io.communitypulse.session;

import static io.communitypulse.session.SessionFixtures.COMMUNITY;
import static io.communitypulse.session.SessionFixtures.GAP;
import static io.communitypulse.session.SessionFixtures.KEY;
import static io.communitypulse.session.SessionFixtures.LATENESS;
import static io.communitypulse.session.SessionFixtures.MEMBER;
import static io.communitypulse.session.SessionFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgettingHarness;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.privacy.MemberReferences;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the session changelog forgets of a member: the session versions it keeps of them, and their
 * id in the kept versions of others, cleaned as the session stage cleans them, so that the next
 * change of such a session compares like with like; the erasure marker changes no count.
 */
class SessionChangesErasureTest {

  private static final String BO = "m-bo";
  private static final String BO_KEY = COMMUNITY + "/" + BO;
  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);
  private static final long NOW = minutes(10);
  private static final String SITE = "https://makers.example";
  private static final String STATE = "last-session-versions";

  private static final MemberReferences REFERENCES =
      new MemberReferences(new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS));

  private ForgettingHarness<String, Session, SessionChange> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void open(Duration suppressFor) throws Exception {
    harness =
        ForgettingHarness.open(
            new ForgettingStage<>(
                new SessionChanges(Duration.ofMillis(GAP + LATENESS)),
                new SessionChangesErasure(REFERENCES),
                suppressFor),
            SessionChanges::actorKey,
            Types.STRING);
    harness.processingTime(NOW);
  }

  private static Erasure erasureOf(String member) {
    return Erasure.of("r-" + member, COMMUNITY, member, NOW);
  }

  /** A live session of {@code actor} from minute 0 with {@code events} events. */
  private static Session session(String actor, int events) {
    Session s = new Session();
    s.sessionId = SessionRules.sessionId(COMMUNITY, actor, minutes(0));
    s.communityId = COMMUNITY;
    s.actor = actor;
    s.memberId = actor;
    s.start = minutes(0);
    s.end = minutes(events);
    s.events = events;
    s.pageViews = events;
    s.entryUrl = SITE + "/t/1";
    s.exitUrl = SITE + "/t/1";
    s.status = Session.Status.LIVE;
    s.version = events;
    return s;
  }

  /** Bo's session: he came through Ada's share link to her profile. */
  private static Session referredByAda(int events) {
    Session s = session(BO, events);
    s.referredBy = MEMBER;
    s.entryUrl = SITE + "/u/" + MEMBER + "?ref=" + MEMBER;
    s.referrer = SITE + "/members/" + MEMBER;
    return s;
  }

  private void send(Session s) throws Exception {
    harness.send(s, s.end);
  }

  @Test
  void theMembersKeptSessionsGoAndOthersLoseTheirId() throws Exception {
    open(SUPPRESS_FOR);
    send(session(MEMBER, 2));
    send(referredByAda(1));
    harness.drain();
    assertThat(harness.keysWith(STATE)).containsExactly(KEY, BO_KEY);

    harness.erase(erasureOf(MEMBER));

    assertThat(harness.drain()).as("forgetting moves no count").isEmpty();
    assertThat(harness.keysWith(STATE)).containsExactly(BO_KEY);
  }

  @Test
  void theNextChangeOfACleanedSessionComparesLikeWithLike() throws Exception {
    open(SUPPRESS_FOR);
    send(referredByAda(1));
    harness.drain();
    harness.erase(erasureOf(MEMBER));

    // The session stage cleaned its copy the same way: this is what it emits next.
    Session next = referredByAda(2);
    next.referredBy = null;
    next.entryUrl = SITE + "/u/forgotten?ref=forgotten";
    next.referrer = SITE + "/members/forgotten";
    send(next);

    assertThat(harness.drain())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.before.referredBy).isNull();
              assertThat(change.before.entryUrl).isEqualTo(next.entryUrl);
              assertThat(change.before.referrer).isEqualTo(next.referrer);
              assertThat(change.before.events).isEqualTo(1);
              assertThat(change.after).isEqualTo(next);
            });
  }

  @Test
  void aSessionEmittedBeforeTheSessionStageForgotComesInWithoutTheReferral() throws Exception {
    open(SUPPRESS_FOR);
    harness.erase(erasureOf(MEMBER));

    send(referredByAda(1));

    assertThat(harness.drain())
        .singleElement()
        .satisfies(change -> assertThat(change.after.referredBy).isNull());
  }

  @Test
  void theErasureMarkerChangesNoCount() throws Exception {
    // With suppression off the marker is not screened out: the stage itself ignores it.
    open(Duration.ZERO);
    send(referredByAda(1));
    harness.drain();
    int before = harness.numKeyedStateEntries();

    send(Session.erasure(COMMUNITY, MEMBER));

    assertThat(harness.drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(before);
  }

  @Test
  void theRetentionTimersOfTheMembersSessionsEmitNothing() throws Exception {
    open(SUPPRESS_FOR);
    send(session(MEMBER, 2));
    harness.erase(erasureOf(MEMBER));
    harness.drain();

    harness.watermark(minutes(24 * 60));

    assertThat(harness.drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void theMembersSessionsAreDroppedWhileSuppressed() throws Exception {
    open(SUPPRESS_FOR);
    harness.erase(erasureOf(MEMBER));

    send(session(MEMBER, 1));
    send(session(BO, 1));

    assertThat(harness.drain()).extracting(c -> c.after.actor).containsExactly(BO);
    assertThat(harness.keysWith(STATE)).containsExactly(BO_KEY);
  }

  @Test
  void withSuppressionOffTheMembersSessionsCountAgain() throws Exception {
    open(Duration.ZERO);
    harness.erase(erasureOf(MEMBER));

    send(session(MEMBER, 1));

    assertThat(harness.drain()).extracting(c -> c.after.actor).containsExactly(MEMBER);
  }

  @Test
  void anErasureOfAMemberNobodyKnowsIsHarmless() throws Exception {
    open(SUPPRESS_FOR);
    send(referredByAda(1));
    harness.drain();

    harness.erase(erasureOf("m-nobody"));

    assertThat(harness.drain()).isEmpty();
    assertThat(harness.keysWith(STATE)).containsExactly(BO_KEY);
    send(referredByAda(2));
    assertThat(harness.drain())
        .singleElement()
        .satisfies(change -> assertThat(change.before.referredBy).isEqualTo(MEMBER));
  }
}
