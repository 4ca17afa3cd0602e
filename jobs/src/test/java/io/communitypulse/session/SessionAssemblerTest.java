package io.communitypulse.session;

import static io.communitypulse.session.SessionFixtures.GAP;
import static io.communitypulse.session.SessionFixtures.KEY;
import static io.communitypulse.session.SessionFixtures.LATENESS;
import static io.communitypulse.session.SessionFixtures.MAX_LENGTH;
import static io.communitypulse.session.SessionFixtures.MEMBER;
import static io.communitypulse.session.SessionFixtures.MINUTE;
import static io.communitypulse.session.SessionFixtures.T0;
import static io.communitypulse.session.SessionFixtures.assembler;
import static io.communitypulse.session.SessionFixtures.assertVersionsStrictlyIncreasePerId;
import static io.communitypulse.session.SessionFixtures.click;
import static io.communitypulse.session.SessionFixtures.closedSessionsOf;
import static io.communitypulse.session.SessionFixtures.harness;
import static io.communitypulse.session.SessionFixtures.heldEvents;
import static io.communitypulse.session.SessionFixtures.idAt;
import static io.communitypulse.session.SessionFixtures.minutes;
import static io.communitypulse.session.SessionFixtures.pageView;
import static io.communitypulse.session.SessionFixtures.post;
import static io.communitypulse.session.SessionFixtures.withoutVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityType;
import io.communitypulse.session.Session.Status;
import io.communitypulse.session.SessionFixtures.DocumentStore;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionAssemblerTest {

  private static final SessionRules RULES =
      new SessionRules(JobDefaults.SESSION_GAP, JobDefaults.MAX_SESSION_LENGTH);

  /** A short max length, so that the randomised tests also cut sessions. */
  private static final Duration SHORT_MAX_LENGTH = Duration.ofHours(2);

  private static final SessionRules SHORT_RULES =
      new SessionRules(JobDefaults.SESSION_GAP, SHORT_MAX_LENGTH);

  private KeyedOneInputStreamOperatorTestHarness<String, ActivityEvent, Session> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /** Emits on every change: the throttling has its own test. */
  private void openUnthrottled() throws Exception {
    harness = harness(assembler(Duration.ZERO));
    harness.open();
  }

  private void openUnthrottledWithShortMaxLength() throws Exception {
    harness =
        harness(
            new SessionAssembler(
                JobDefaults.SESSIONS
                    .withMaxLength(SHORT_MAX_LENGTH)
                    .withLiveUpdateInterval(Duration.ZERO),
                JobDefaults.ALLOWED_LATENESS));
    harness.open();
  }

  private void send(ActivityEvent... events) throws Exception {
    for (ActivityEvent e : events) {
      harness.processElement(e, e.occurredAt);
    }
  }

  private void retract(ActivityEvent e) throws Exception {
    harness.processElement(e.asRetraction(), e.occurredAt);
  }

  /** A throttled harness emits on processing time: draining it must not move the watermark. */
  private boolean throttled;

  /** The last watermark sent, or Long.MIN_VALUE before the first. */
  private long watermark = Long.MIN_VALUE;

  private void watermark(long time) throws Exception {
    watermark = time;
    harness.processWatermark(time);
  }

  /**
   * Returns and forgets what was emitted so far; unthrottled, after the watermark advanced by 1 ms,
   * since unthrottled changes are emitted when the watermark next advances.
   */
  private List<Session> drain() throws Exception {
    if (!throttled && watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      watermark(watermark + 1);
    }
    List<Session> out = harness.extractOutputValues();
    harness.getOutput().clear();
    return out;
  }

  /** Asserts that exactly one session was emitted, with this many events and this status. */
  private static void assertOneSession(List<Session> emitted, int events, Status status) {
    assertThat(emitted)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.events).isEqualTo(events);
              assertThat(s.status).isEqualTo(status);
            });
  }

  @Test
  void mergesClicksAndPostsOfOneActorIntoOneSession() throws Exception {
    openUnthrottled();
    ActivityEvent landing = pageView("v1", minutes(0), "/guides/welding");
    landing.referrer = "https://search.example/?q=welding";
    ActivityEvent shareLink = click("c1", minutes(1), ActivityType.CLICK);
    shareLink.url = "/guides/welding#tig";
    shareLink.referredBy = "m-grace";
    ActivityEvent question = post("p1", minutes(2), ActivityType.POST);
    ActivityEvent answer = post("p2", minutes(3), ActivityType.REPLY);
    ActivityEvent search = click("s1", minutes(4), ActivityType.SEARCH);
    search.url = "/search?q=tig";
    ActivityEvent signUp = click("u1", minutes(5), ActivityType.SIGN_UP);
    ActivityEvent purchase = click("b1", minutes(6), ActivityType.CONVERSION);
    purchase.url = "/shop/checkout";
    purchase.conversionValue = 49.5;
    ActivityEvent like = post("p3", minutes(7), ActivityType.REACTION);
    ActivityEvent fromPhone = pageView("v2", minutes(8), "/shop/thanks");
    fromPhone.anonymousId = "d0-phone";
    fromPhone.referrer = "https://mail.example";
    fromPhone.referredBy = "m-linus";

    send(landing, shareLink, question, answer, search, signUp, purchase, like, fromPhone);
    watermark(minutes(8) + GAP);

    Session s = new DocumentStore().applyAll(drain()).documents().get(0);
    assertThat(s.sessionId).isEqualTo(idAt(minutes(0)));
    assertThat(s.status).isEqualTo(Status.CLOSED);
    assertThat(s.communityId).isEqualTo(SessionFixtures.COMMUNITY);
    assertThat(s.actor).isEqualTo(MEMBER);
    assertThat(s.memberId).isEqualTo(MEMBER);
    assertThat(s.anonymousIds).containsExactly("d0-phone", "d1");
    assertThat(s.start).isEqualTo(minutes(0));
    assertThat(s.end).isEqualTo(minutes(8));
    assertThat(s.durationS).isEqualTo(480.0);
    assertThat(s.events).isEqualTo(9);
    assertThat(s.pageViews).isEqualTo(2);
    assertThat(s.clicks).isEqualTo(1);
    assertThat(s.searches).isEqualTo(1);
    assertThat(s.signups).isEqualTo(1);
    assertThat(s.conversions).isEqualTo(1);
    assertThat(s.conversionValue).isEqualTo(49.5);
    assertThat(s.posts).isEqualTo(1);
    assertThat(s.replies).isEqualTo(1);
    assertThat(s.reactions).isEqualTo(1);
    assertThat(s.entryUrl).isEqualTo("/guides/welding");
    assertThat(s.exitUrl).isEqualTo("/shop/thanks");
    assertThat(s.referrer).isEqualTo("https://search.example/?q=welding");
    assertThat(s.referredBy).isEqualTo("m-grace");
  }

  @Test
  void aRetractionInTheSameBatchIsAppliedAfterTheEventItWithdraws() throws Exception {
    openUnthrottled();
    watermark(minutes(0));
    send(pageView("v1", minutes(1), "/a"), pageView("v2", minutes(2), "/b"));
    ActivityEvent moved = pageView("v3", minutes(3), "/c");
    send(moved);
    retract(moved);

    watermark(minutes(4));

    assertOneSession(harness.extractOutputValues(), 2, Status.LIVE);
  }

  @Test
  void aThrottledDeleteIsStillEmittedWhenABoundedInputEnds() throws Exception {
    // Processing time stands still: only the final watermark can flush what is pending.
    harness = harness(assembler(Duration.ofSeconds(5)));
    throttled = true;
    harness.open();
    ActivityEvent page = pageView("v1", minutes(0), "/a");
    ActivityEvent next = pageView("v2", minutes(2), "/b");
    send(page, next);
    retract(page); // the session's start moves: its first id must go
    retract(next); // and now nothing is left

    watermark(Long.MAX_VALUE);

    assertThat(new DocumentStore().applyAll(drain()).documents()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aSessionThatComesBackWhileItsDeleteIsPendingIsStillDeletedWhenItGoesAgain()
      throws Exception {
    harness = harness(assembler(Duration.ofSeconds(5)));
    throttled = true;
    harness.open();
    ActivityEvent first = pageView("v1", minutes(0), "/a");
    ActivityEvent second = pageView("v2", minutes(2), "/b");
    send(first); // emitted at once: its document exists
    send(second); // throttled from here on
    retract(first); // the session's id changes: a delete of the first id is pending
    send(first); // the identity stage moves the page back: the first id is back
    retract(first);
    retract(second); // nothing left: the first id's document must go

    watermark(Long.MAX_VALUE);

    assertThat(new DocumentStore().applyAll(drain()).documents()).isEmpty();
  }

  @Test
  void anEventExactlyOneGapAfterTheLastStartsANewSession() throws Exception {
    openUnthrottled();

    send(pageView("a", T0, "/a"), pageView("b", T0 + GAP, "/b"));

    assertThat(new DocumentStore().applyAll(drain()).documents())
        .extracting(s -> s.sessionId)
        .containsExactly(idAt(T0), idAt(T0 + GAP));
  }

  @Test
  void anEventOneMillisecondLessThanAGapAfterTheLastStaysInTheSession() throws Exception {
    openUnthrottled();

    send(pageView("a", T0, "/a"), pageView("b", T0 + GAP - 1, "/b"));

    assertThat(new DocumentStore().applyAll(drain()).documents())
        .singleElement()
        .satisfies(s -> assertThat(s.events).isEqualTo(2));
  }

  @Test
  void outOfOrderEventsAndRetractionsGiveTheSessionsOfTheEventSet() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 60; round++) {
      openUnthrottledWithShortMaxLength();
      List<ActivityEvent> events = randomEvents(random, 25);
      List<ActivityEvent> arrival = new ArrayList<>(events);
      Collections.shuffle(arrival, random);
      List<ActivityEvent> kept = new ArrayList<>(events);

      for (ActivityEvent e : arrival) {
        send(e);
        if (random.nextInt(6) == 0) {
          retract(e);
          kept.remove(e);
        }
      }
      watermark(Long.MAX_VALUE);
      List<Session> emitted = drain();

      assertVersionsStrictlyIncreasePerId(emitted);
      assertThat(withoutVersions(new DocumentStore().applyAll(emitted).documents()))
          .as("round %s", round)
          .containsExactlyElementsOf(closedSessionsOf(SHORT_RULES, kept));
      assertThat(harness.numKeyedStateEntries()).isZero();
      harness.close();
      harness = null;
    }
  }

  @Test
  void eventsOutOfOrderUnderAnAdvancingWatermarkGiveTheSameSessionsAsInOrder() throws Exception {
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      List<ActivityEvent> events = randomEvents(random, 60);
      List<Session> inOrder = run(events, events);
      List<ActivityEvent> arrival = boundedDisorder(events, random, 40 * MINUTE);

      List<Session> outOfOrder = run(events, arrival);

      assertThat(withoutVersions(outOfOrder))
          .containsExactlyElementsOf(withoutVersions(inOrder))
          .containsExactlyElementsOf(closedSessionsOf(SHORT_RULES, events));
    }
  }

  /** Feeds events in the given order, the watermark trailing the latest by 10 s, then ends. */
  private List<Session> run(List<ActivityEvent> events, List<ActivityEvent> arrival)
      throws Exception {
    openUnthrottledWithShortMaxLength();
    long latest = Long.MIN_VALUE;
    for (ActivityEvent e : arrival) {
      send(e);
      latest = Math.max(latest, e.occurredAt);
      watermark(latest - 10_000);
    }
    watermark(Long.MAX_VALUE);
    List<Session> emitted = drain();
    assertVersionsStrictlyIncreasePerId(emitted);
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.close();
    harness = null;
    return new DocumentStore().applyAll(emitted).documents();
  }

  @Test
  void aLateEventBridgingTwoClosedSessionsMergesThemAndDeletesTheSecondPiece() throws Exception {
    openUnthrottled();

    // A new session...
    send(pageView("first", T0, "/a"));
    Session first = drain().get(0);
    assertThat(first.sessionId).isEqualTo(idAt(T0));
    assertThat(first.status).isEqualTo(Status.LIVE);

    // ...a second one after more than the gap; both close as the watermark moves on...
    send(pageView("second", T0 + 40 * MINUTE, "/b"));
    watermark(T0 + 40 * MINUTE + GAP);
    List<Session> closing = drain();
    assertThat(closing)
        .filteredOn(s -> s.status == Status.CLOSED)
        .extracting(s -> s.sessionId)
        .containsExactlyInAnyOrder(idAt(T0), idAt(T0 + 40 * MINUTE));
    Session second = closing.get(closing.size() - 1);

    // ...then a late event (within the allowed lateness) between them bridges the two.
    send(pageView("bridge", T0 + 20 * MINUTE, "/bridge"));
    List<Session> merge = drain();

    assertThat(merge).hasSize(2);
    Session deleted = merge.get(0);
    assertThat(deleted.deleted).isTrue();
    assertThat(deleted.sessionId).isEqualTo(second.sessionId);
    assertThat(deleted.version).isGreaterThan(second.version);
    Session merged = merge.get(1);
    assertThat(merged.sessionId).isEqualTo(idAt(T0));
    assertThat(merged.status).isEqualTo(Status.CLOSED);
    assertThat(merged.events).isEqualTo(3);
    assertThat(merged.end).isEqualTo(T0 + 40 * MINUTE);
    assertThat(merged.exitUrl).isEqualTo("/b");

    List<Session> all = new ArrayList<>(List.of(first));
    all.addAll(closing);
    all.addAll(merge);
    assertVersionsStrictlyIncreasePerId(all);
    assertThat(new DocumentStore().applyAll(all).documents()).containsExactly(merged);
  }

  @Test
  void anEarlierEventMovesTheStartSoTheOldIdIsDeleted() throws Exception {
    openUnthrottled();
    send(pageView("b", minutes(10), "/b"));
    Session before = drain().get(0);

    send(pageView("a", minutes(0), "/a"));
    List<Session> after = drain();

    assertThat(after)
        .extracting(s -> s.sessionId, s -> s.deleted)
        .containsExactly(tuple(before.sessionId, true), tuple(idAt(minutes(0)), false));
    assertThat(after.get(1).entryUrl).isEqualTo("/a");
  }

  @Test
  void aNeverPausingStreamIsCutAtMaxLengthAndHoldsBoundedState() throws Exception {
    openUnthrottled();
    long step = 10 * MINUTE;
    int perSession = (int) (MAX_LENGTH / step);
    // What can be held: max length + gap + lateness worth of events, plus the one just in.
    long bound = (MAX_LENGTH + GAP + LATENESS) / step + 1;
    int maxHeld = 0;

    for (int i = 0; i < 4 * perSession; i++) {
      long at = T0 + i * step;
      send(click("e" + i, at, ActivityType.CLICK));
      watermark(at - 10_000);
      maxHeld = Math.max(maxHeld, heldEvents(harness, KEY));
    }
    watermark(Long.MAX_VALUE);

    List<Session> sessions = new DocumentStore().applyAll(drain()).documents();
    assertThat(sessions)
        .extracting(s -> s.start)
        .containsExactly(T0, T0 + MAX_LENGTH, T0 + 2 * MAX_LENGTH, T0 + 3 * MAX_LENGTH);
    assertThat(sessions)
        .allSatisfy(
            s -> {
              assertThat(s.events).isEqualTo(perSession);
              assertThat(s.end - s.start).isLessThan(MAX_LENGTH);
              assertThat(s.status).isEqualTo(Status.CLOSED);
            });
    assertThat(maxHeld).isGreaterThan(perSession).isLessThanOrEqualTo((int) bound);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aRetractionRemovesItsEventFromTheSession() throws Exception {
    openUnthrottled();
    ActivityEvent landing = pageView("v1", minutes(0), "/a");
    ActivityEvent stray = pageView("v2", minutes(5), "/not-mine");
    ActivityEvent reply = post("p1", minutes(9), ActivityType.REPLY);
    send(landing, stray, reply);
    Session before = drain().get(2);

    retract(stray);

    Session after = drain().get(0);
    assertThat(after.sessionId).isEqualTo(before.sessionId);
    assertThat(after.version).isGreaterThan(before.version);
    assertThat(after.events).isEqualTo(2);
    assertThat(after.pageViews).isEqualTo(1);
    assertThat(after.exitUrl).isEqualTo("/a");
  }

  @Test
  void aRetractionThatSplitsASessionEmitsBothPieces() throws Exception {
    openUnthrottled();
    ActivityEvent middle = pageView("v2", minutes(20), "/b");
    send(pageView("v1", minutes(0), "/a"), middle, pageView("v3", minutes(40), "/c"));
    drain();

    retract(middle);

    assertThat(drain())
        .extracting(s -> s.sessionId, s -> s.events, s -> s.deleted)
        .containsExactly(tuple(idAt(minutes(0)), 1L, false), tuple(idAt(minutes(40)), 1L, false));
  }

  @Test
  void retractingTheOnlyEventDeletesTheSessionAndThenForgetsTheActor() throws Exception {
    openUnthrottled();
    ActivityEvent only = pageView("v1", minutes(0), "/a");
    send(only);
    Session live = drain().get(0);

    retract(only);

    Session deleted = drain().get(0);
    assertThat(deleted.deleted).isTrue();
    assertThat(deleted.sessionId).isEqualTo(live.sessionId);
    assertThat(deleted.version).isGreaterThan(live.version);
    assertThat(new DocumentStore().applyAll(List.of(live, deleted)).documents()).isEmpty();

    // The revision outlives the session while its id could still come back...
    watermark(minutes(0) + GAP + LATENESS - 1);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    // ...and is gone once it cannot.
    watermark(minutes(0) + GAP + LATENESS);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(drain()).isEmpty();
  }

  @Test
  void aRetractionOfAnUnknownEventChangesNothing() throws Exception {
    openUnthrottled();

    retract(pageView("never-seen", minutes(0), "/a"));

    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void unthrottledChangesBetweenTwoWatermarksAreEmittedOnceWhenTheWatermarkAdvances()
      throws Exception {
    openUnthrottled();
    watermark(minutes(0));
    send(
        pageView("v1", minutes(1), "/a"),
        pageView("v2", minutes(2), "/b"),
        post("p1", minutes(3), ActivityType.POST));
    assertThat(harness.extractOutputValues()).as("nothing before the watermark moves").isEmpty();
    assertThat(harness.numEventTimeTimers()).as("one timer for the batch").isEqualTo(1);

    watermark(minutes(4));

    assertOneSession(drain(), 3, Status.LIVE);
    // A watermark with nothing new emits nothing; the close still follows the watermark.
    watermark(minutes(5));
    assertThat(drain()).isEmpty();
    watermark(minutes(3) + GAP - 1);
    assertThat(drain())
        .singleElement()
        .satisfies(s -> assertThat(s.status).isEqualTo(Status.CLOSED));
  }

  @Test
  void aSessionFromHistoryIsNeverShownLiveAndIsWrittenOnceWhenItCloses() throws Exception {
    openUnthrottled();
    // The wall clock is a day past the events: a replay of history.
    harness.setProcessingTime(T0 + Duration.ofDays(1).toMillis());
    watermark(minutes(0));
    send(pageView("v1", minutes(1), "/a"), pageView("v2", minutes(2), "/b"));
    watermark(minutes(10));
    send(post("p1", minutes(11), ActivityType.POST));
    watermark(minutes(20));
    assertThat(drain()).as("nothing live").isEmpty();
    assertThat(harness.numEventTimeTimers()).as("only the close is pending").isEqualTo(1);

    watermark(minutes(11) + GAP - 1);

    assertOneSession(drain(), 3, Status.CLOSED);
  }

  @Test
  void aSessionWithinAGapOfTheWallClockIsShownLive() throws Exception {
    openUnthrottled();
    harness.setProcessingTime(minutes(2) + GAP - 1);
    watermark(minutes(0));
    send(pageView("v1", minutes(1), "/a"), pageView("v2", minutes(2), "/b"));

    assertThat(drain()).singleElement().satisfies(s -> assertThat(s.status).isEqualTo(Status.LIVE));
  }

  @Test
  void liveEmissionsAreThrottledAndTheCloseFollowsTheWatermark() throws Exception {
    harness = harness(assembler(SessionFixtures.LIVE_UPDATE_INTERVAL));
    throttled = true;
    long interval = SessionFixtures.LIVE_UPDATE_INTERVAL.toMillis();
    harness.setProcessingTime(1_000);
    harness.open();

    // The first change is shown at once.
    send(pageView("v1", minutes(0), "/a"));
    assertThat(drain()).singleElement().satisfies(s -> assertThat(s.events).isEqualTo(1));

    // Changes within the interval wait for it...
    harness.setProcessingTime(1_000 + interval / 5);
    send(pageView("v2", minutes(1), "/b"));
    harness.setProcessingTime(1_000 + interval / 2);
    send(pageView("v3", minutes(2), "/c"));
    assertThat(drain()).isEmpty();
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

    // ...and come out together when it ends.
    harness.setProcessingTime(1_000 + interval);
    assertOneSession(drain(), 3, Status.LIVE);

    // Not closed while an on-time event could still extend it...
    watermark(minutes(2) + GAP - 2);
    assertThat(drain()).isEmpty();
    // ...closed, without waiting for the interval, once none can.
    harness.setProcessingTime(1_000 + interval + 1);
    watermark(minutes(2) + GAP - 1);
    assertOneSession(drain(), 3, Status.CLOSED);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void versionsStrictlyIncreaseForEverySessionIdIncludingDeletes() throws Exception {
    openUnthrottled();
    // The clock stands still: versions must still grow, one revision at a time.
    harness.setProcessingTime(5_000);
    List<Session> emitted = new ArrayList<>();
    ActivityEvent a = pageView("a", minutes(0), "/a");
    ActivityEvent b = pageView("b", minutes(40), "/b");
    ActivityEvent bridge = pageView("bridge", minutes(20), "/m");
    ActivityEvent early = pageView("early", minutes(-10), "/e");

    send(a, b, bridge, early);
    emitted.addAll(drain());
    retract(early);
    emitted.addAll(drain());
    retract(bridge);
    emitted.addAll(drain());
    harness.setProcessingTime(9_000);
    send(bridge.copy());
    emitted.addAll(drain());
    watermark(Long.MAX_VALUE);
    emitted.addAll(drain());

    assertThat(emitted).filteredOn(s -> s.deleted).hasSizeGreaterThanOrEqualTo(3);
    assertVersionsStrictlyIncreasePerId(emitted);
    DocumentStore store = new DocumentStore().applyAll(emitted);
    assertThat(store.skipped()).isZero();
    assertThat(withoutVersions(store.documents()))
        .containsExactlyElementsOf(closedSessionsOf(RULES, List.of(a, b, bridge)));
  }

  @Test
  void versionsKeepGrowingAfterARestoreFromACheckpoint() throws Exception {
    openUnthrottled();
    harness.setProcessingTime(1_000_000);
    ActivityEvent a = pageView("a", minutes(0), "/a");
    ActivityEvent b = pageView("b", minutes(10), "/b");
    ActivityEvent c = pageView("c", minutes(-5), "/c");
    send(a);
    OperatorSubtaskState checkpoint = harness.snapshot(1L, 1_000_000);
    // Written to Elasticsearch after the checkpoint, then the job fails.
    send(b, c);
    DocumentStore elasticsearch = new DocumentStore().applyAll(drain());
    harness.close();

    // Restored from the checkpoint a few seconds later; the sources replay b and c.
    harness = harness(assembler(Duration.ZERO));
    harness.initializeState(checkpoint);
    harness.open();
    harness.setProcessingTime(1_007_000);
    send(c, b);
    watermark(Long.MAX_VALUE);
    List<Session> afterRestore = drain();
    afterRestore.forEach(elasticsearch::apply);

    assertThat(elasticsearch.skipped()).as("writes refused as stale").isZero();
    assertThat(withoutVersions(elasticsearch.documents()))
        .containsExactlyElementsOf(closedSessionsOf(RULES, List.of(a, b, c)));
  }

  /**
   * A day of 100 000 members with one visit each, and a bot (the test member) that clicks every ten
   * minutes and never stops: the state holds only the actors of the last gap + lateness, and once
   * the watermark has passed them, the bot's bounded events alone.
   */
  @Test
  void aHundredThousandOneVisitMembersAndANeverStoppingBotKeepStateBounded() throws Exception {
    openUnthrottled();
    int members = 100_000;
    long spacing = Duration.ofDays(1).toMillis() / members;
    long botStep = 10 * MINUTE;
    long watermarkLag = 10_000;
    // Two state entries (events, book) per held actor; an actor is held until the watermark
    // (lagging the input) passes its end + gap + lateness; the bot besides.
    long entriesBound = 2 * ((GAP + LATENESS + watermarkLag) / spacing + 2) + 2;
    long botBound = (MAX_LENGTH + GAP + LATENESS) / botStep + 1;
    int maxEntries = 0;
    long nextBotClick = T0;
    long last = T0;
    for (int i = 0; i < members; i++) {
      last = T0 + i * spacing;
      while (nextBotClick <= last) {
        send(click("bot-" + nextBotClick, nextBotClick, ActivityType.CLICK));
        nextBotClick += botStep;
      }
      ActivityEvent visit = pageView("visit-" + i, last, "/welcome");
      visit.actor = "member-" + i;
      visit.memberId = visit.actor;
      send(visit);
      if (i % 1000 == 999) {
        watermark(last - watermarkLag);
        maxEntries = Math.max(maxEntries, harness.numKeyedStateEntries());
        harness.getOutput().clear();
      }
    }
    // The members are gone; the bot goes on clicking.
    long end = last + GAP + LATENESS + 1;
    while (nextBotClick <= end) {
      send(click("bot-" + nextBotClick, nextBotClick, ActivityType.CLICK));
      nextBotClick += botStep;
    }
    watermark(end);
    harness.getOutput().clear();

    assertThat(maxEntries).isLessThanOrEqualTo((int) entriesBound);
    assertThat(harness.numKeyedStateEntries()).as("only the bot is left").isEqualTo(2);
    assertThat(heldEvents(harness, KEY)).isLessThanOrEqualTo((int) botBound);
  }

  /**
   * Why the sink writes only what completed checkpoints cover (class comment, "Restores"): a piece
   * emitted after the checkpoint (c, more than a gap after a) is merged away by the replay (b
   * bridges a and c before c comes back), so the restored operator never forms it again and cannot
   * delete it. Written straight away, it would stay in Elasticsearch; written only once a
   * checkpoint covering it completes (never, here), Elasticsearch ends with exactly the sessions.
   */
  @Test
  void aPieceEmittedAfterTheRestoredCheckpointMustNotReachElasticsearch() throws Exception {
    openUnthrottled();
    harness.setProcessingTime(1_000_000);
    ActivityEvent a = pageView("a", minutes(0), "/a");
    ActivityEvent b = pageView("b", minutes(20), "/b");
    ActivityEvent c = pageView("c", minutes(40), "/c");
    send(a);
    List<Session> committed = drain();
    OperatorSubtaskState checkpoint = harness.snapshot(1L, 1_000_000);
    // c arrives before b: a piece of its own; then the job fails before the next checkpoint.
    send(c);
    List<Session> uncommitted = drain();
    assertThat(uncommitted).extracting(s -> s.sessionId).contains(idAt(minutes(40)));
    harness.close();

    // The replay brings b before c: one session from a to c; the piece at c is never formed.
    harness = harness(assembler(Duration.ZERO));
    harness.initializeState(checkpoint);
    harness.open();
    harness.setProcessingTime(1_007_000);
    send(b, c);
    watermark(Long.MAX_VALUE);
    List<Session> replayed = drain();

    DocumentStore writtenAtOnce =
        new DocumentStore().applyAll(committed).applyAll(uncommitted).applyAll(replayed);
    assertThat(writtenAtOnce.documents())
        .as("a sink writing before checkpoints complete keeps the stale piece")
        .extracting(s -> s.sessionId)
        .contains(idAt(minutes(40)));
    DocumentStore writtenAfterCheckpoints =
        new DocumentStore().applyAll(committed).applyAll(replayed);
    assertThat(withoutVersions(writtenAfterCheckpoints.documents()))
        .containsExactlyElementsOf(closedSessionsOf(RULES, List.of(a, b, c)));
  }

  @Test
  void stateAndTimersAreClearedOnceTheWatermarkPassesEndPlusGapPlusLateness() throws Exception {
    harness = harness(assembler(SessionFixtures.LIVE_UPDATE_INTERVAL));
    throttled = true;
    harness.open();
    send(pageView("v1", minutes(0), "/a"), pageView("v2", minutes(3), "/b"));
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

    watermark(minutes(3) + GAP + LATENESS - 1);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    assertThat(heldEvents(harness, KEY)).isEqualTo(2);

    watermark(minutes(3) + GAP + LATENESS);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
    assertOneSession(new DocumentStore().applyAll(drain()).documents(), 2, Status.CLOSED);
  }

  @Test
  void anEventMoreThanTheAllowedLatenessBehindTheWatermarkIsRefused() throws Exception {
    openUnthrottled();
    watermark(minutes(120));

    send(pageView("late", minutes(120) - LATENESS - 1, "/late"));
    send(pageView("just-in-time", minutes(120) - LATENESS, "/ok"));

    assertThat(harness.getSideOutput(SessionAssembler.TOO_LATE))
        .extracting(r -> r.getValue().eventId)
        .containsExactly("late");
    assertThat(drain()).extracting(s -> s.entryUrl).containsExactly("/ok");
  }

  /**
   * Events of one actor at gaps chosen around the session gap (just under, exactly, just over,
   * longer), some at the same millisecond, so every split rule and tie-break is exercised.
   */
  private static List<ActivityEvent> randomEvents(Random random, int count) {
    long[] steps = {0, 1, MINUTE, 7 * MINUTE, GAP - 1, GAP, GAP + 1, 2 * GAP, 3 * MINUTE};
    List<ActivityEvent> events = new ArrayList<>();
    long at = T0;
    for (int i = 0; i < count; i++) {
      at += steps[random.nextInt(steps.length)];
      ActivityEvent e;
      switch (random.nextInt(4)) {
        case 0 -> e = post("e" + i, at, ActivityType.REPLY);
        case 1 -> {
          e = click("e" + i, at, ActivityType.CONVERSION);
          e.conversionValue = random.nextInt(1000) / 10.0;
          e.anonymousId = "d" + random.nextInt(3);
        }
        default -> {
          e = pageView("e" + i, at, "/p/" + random.nextInt(5));
          e.referrer = random.nextBoolean() ? null : "https://r" + random.nextInt(3) + ".example";
          e.referredBy = random.nextInt(4) == 0 ? "m-" + random.nextInt(3) : null;
        }
      }
      events.add(e);
    }
    return events;
  }

  /** Each event delayed by a random amount up to {@code maxDelay}, then sorted by arrival. */
  private static List<ActivityEvent> boundedDisorder(
      List<ActivityEvent> events, Random random, long maxDelay) {
    List<long[]> arrivals = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      arrivals.add(
          new long[] {events.get(i).occurredAt + (long) (random.nextDouble() * maxDelay), i});
    }
    arrivals.sort((x, y) -> Long.compare(x[0], y[0]));
    List<ActivityEvent> order = new ArrayList<>();
    for (long[] arrival : arrivals) {
      order.add(events.get((int) arrival[1]));
    }
    return order;
  }
}
