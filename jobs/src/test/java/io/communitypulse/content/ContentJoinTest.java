package io.communitypulse.content;

import static io.communitypulse.content.ContentFixtures.ADA;
import static io.communitypulse.content.ContentFixtures.BOB;
import static io.communitypulse.content.ContentFixtures.COMMUNITY;
import static io.communitypulse.content.ContentFixtures.CY;
import static io.communitypulse.content.ContentFixtures.RESOLVE_TIMEOUT;
import static io.communitypulse.content.ContentFixtures.T0;
import static io.communitypulse.content.ContentFixtures.acceptedAnswer;
import static io.communitypulse.content.ContentFixtures.credit;
import static io.communitypulse.content.ContentFixtures.harness;
import static io.communitypulse.content.ContentFixtures.mention;
import static io.communitypulse.content.ContentFixtures.millis;
import static io.communitypulse.content.ContentFixtures.minutes;
import static io.communitypulse.content.ContentFixtures.post;
import static io.communitypulse.content.ContentFixtures.reaction;
import static io.communitypulse.content.ContentFixtures.reply;
import static io.communitypulse.content.ContentFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.PostEvent;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContentJoinTest {

  private ContentJoin join;
  private KeyedOneInputStreamOperatorTestHarness<String, ContentRef, Credit> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void open(ContentJoin function) throws Exception {
    join = function;
    harness = harness(function);
  }

  private void openWithDefaults() throws Exception {
    open(new ContentJoin(JobDefaults.CONTENT));
  }

  private void send(PostEvent... events) throws Exception {
    for (ContentRef ref : route(events)) {
      harness.processElement(ref, ref.occurredAt);
    }
  }

  private void watermark(Instant at) throws Exception {
    harness.processWatermark(millis(at));
  }

  private void watermark(long at) throws Exception {
    harness.processWatermark(at);
  }

  private List<Credit> credits() {
    return harness.extractOutputValues();
  }

  private List<FirstResponse> firstResponses() {
    return values(harness.getSideOutput(ContentJoin.FIRST_RESPONSES));
  }

  private List<ContentRef> unresolved() {
    return values(harness.getSideOutput(ContentJoin.UNRESOLVED));
  }

  private static <T> List<T> values(Iterable<StreamRecord<T>> records) {
    List<T> values = new ArrayList<>();
    if (records != null) {
      records.forEach(r -> values.add(r.getValue()));
    }
    return values;
  }

  private void assertNothingHeld() {
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void replyWithTargetGivenIsCreditedToTheTargetAtOnce() throws Exception {
    openWithDefaults();

    send(reply("e2", BOB, "r1", "p1", ADA, minutes(5)));

    assertThat(credits())
        .containsExactly(credit(CreditType.REPLY, BOB, ADA, "e2", "p1", minutes(5)));
    // It waits only as a first-response candidate for p1, and goes quietly: its credit is out.
    watermark(minutes(5).plus(RESOLVE_TIMEOUT).plusMillis(1));
    assertThat(unresolved()).isEmpty();
    assertThat(join.unresolvedReferences()).isZero();
    assertThat(firstResponses()).isEmpty();
    // Only the reply's own content r1 is still held, for its author; nothing is left for p1.
    assertThat(harness.numKeyedStateEntries()).isOne();
    assertThat(harness.numEventTimeTimers()).isOne();
  }

  @Test
  void replyWithoutTargetIsCreditedToTheParentsAuthorWhenThePostArrivesAfterIt() throws Exception {
    openWithDefaults();

    send(reply("e2", BOB, "r1", "p1", null, minutes(5)));
    assertThat(credits()).isEmpty();

    send(post("e1", ADA, "p1", T0));

    assertThat(credits())
        .containsExactly(credit(CreditType.REPLY, BOB, ADA, "e2", "p1", minutes(5)));
    assertThat(firstResponses())
        .containsExactly(new FirstResponse(COMMUNITY, "p1", "e1", millis(T0), millis(minutes(5))));
  }

  @Test
  void reactionAndAcceptedAnswerAreCreditedToTheAuthorOfTheContentActedOn() throws Exception {
    openWithDefaults();

    // The reaction arrives before the reply that created r1; the accepted answer after it.
    send(
        post("e1", ADA, "p1", T0),
        reaction("e3", CY, "r1", null, minutes(7)),
        reply("e2", BOB, "r1", "p1", ADA, minutes(5)),
        acceptedAnswer("e4", ADA, "r1", null, minutes(9)));

    assertThat(credits())
        .containsExactlyInAnyOrder(
            credit(CreditType.REPLY, BOB, ADA, "e2", "p1", minutes(5)),
            credit(CreditType.REACTION, CY, BOB, "e3", "r1", minutes(7)),
            credit(CreditType.ACCEPTED_ANSWER, ADA, BOB, "e4", "r1", minutes(9)));
  }

  @Test
  void reactionWithTargetGivenIsCreditedToThatTargetEvenIfTheAuthorDiffers() throws Exception {
    openWithDefaults();

    send(post("e1", ADA, "p1", T0), reaction("e3", CY, "p1", BOB, minutes(1)));

    assertThat(credits())
        .containsExactly(credit(CreditType.REACTION, CY, BOB, "e3", "p1", minutes(1)));
  }

  @Test
  void mentionWithTargetCreditsItAndWithoutTargetCreditsNobody() throws Exception {
    openWithDefaults();

    send(mention("e5", ADA, "p1", CY, T0), mention("e6", ADA, "p1", null, T0));

    assertThat(credits()).containsExactly(credit(CreditType.MENTION, ADA, CY, "e5", "p1", T0));
    assertNothingHeld();
  }

  @Test
  void selfReplyIsMarkedSelfAndIsNoFirstResponse() throws Exception {
    openWithDefaults();

    send(post("e1", ADA, "p1", T0), reply("e2", ADA, "r1", "p1", null, minutes(3)));

    assertThat(credits()).singleElement().satisfies(c -> assertThat(c.self).isTrue());
    assertThat(credits().get(0).receiver).isEqualTo(ADA);
    assertThat(firstResponses()).isEmpty();
  }

  @Test
  void referenceWhoseAuthorNeverArrivesIsDroppedAfterTheResolveTimeoutAndCounted()
      throws Exception {
    openWithDefaults();
    send(reaction("e3", CY, "gone", null, T0));

    // Still waiting while a creating event dated no later than it could be on time.
    watermark(T0.plus(RESOLVE_TIMEOUT));
    assertThat(unresolved()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isOne();

    watermark(T0.plus(RESOLVE_TIMEOUT).plusMillis(1));

    assertThat(credits()).isEmpty();
    assertThat(unresolved()).extracting(r -> r.eventId).containsExactly("e3");
    assertThat(join.unresolvedReferences()).isOne();
    assertNothingHeld();
  }

  @Test
  void firstResponseIsTheEarliestReplyByAnotherMemberAndMovesEarlierForALateReply()
      throws Exception {
    openWithDefaults();

    send(
        post("e1", ADA, "p1", T0),
        reply("e2", ADA, "r0", "p1", null, minutes(1)),
        reply("e3", BOB, "r1", "p1", null, minutes(10)),
        reply("e4", CY, "r2", "p1", null, minutes(12)),
        reply("e5", CY, "r3", "p1", null, minutes(5)));

    // The author's own reply at +1 min never counts; the late reply at +5 min improves on +10.
    assertThat(firstResponses())
        .extracting(f -> f.firstReplyAt)
        .containsExactly(millis(minutes(10)), millis(minutes(5)));
    assertThat(firstResponses().get(1).responseMillis())
        .isEqualTo(Duration.ofMinutes(5).toMillis());
  }

  @Test
  void firstResponseCountsRepliesThatArrivedBeforeThePost() throws Exception {
    openWithDefaults();

    send(
        reply("e2", ADA, "r0", "p1", ADA, minutes(2)),
        reply("e3", BOB, "r1", "p1", ADA, minutes(20)),
        reply("e4", CY, "r2", "p1", ADA, minutes(15)));
    assertThat(firstResponses()).isEmpty();

    send(post("e1", ADA, "p1", T0));

    assertThat(firstResponses())
        .containsExactly(new FirstResponse(COMMUNITY, "p1", "e1", millis(T0), millis(minutes(15))));
  }

  @Test
  void replyToAReplyIsCreditedButIsNoFirstResponse() throws Exception {
    openWithDefaults();

    send(reply("e2", BOB, "r1", "p1", ADA, T0), reply("e3", CY, "r2", "r1", null, minutes(1)));

    assertThat(credits())
        .containsExactly(
            credit(CreditType.REPLY, BOB, ADA, "e2", "p1", T0),
            credit(CreditType.REPLY, CY, BOB, "e3", "r1", minutes(1)));
    assertThat(firstResponses()).isEmpty();
  }

  @Test
  void secondAuthorForTheSameContentIsIgnored() throws Exception {
    openWithDefaults();

    send(
        post("e1", ADA, "p1", T0),
        post("e9", BOB, "p1", minutes(1)),
        reaction("e3", CY, "p1", null, minutes(2)));

    assertThat(credits()).extracting(c -> c.receiver).containsExactly(ADA);
  }

  @Test
  void authorIsForgottenAfterItsTtlWithItsState() throws Exception {
    Duration ttl = Duration.ofDays(2);
    open(new ContentJoin(JobDefaults.CONTENT.withAuthorTtl(ttl)));

    send(post("e1", ADA, "p1", T0), reply("e2", BOB, "r1", "p1", null, minutes(5)));
    watermark(T0.plus(ttl).minusMillis(1));
    // Both contents' authors are still known.
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

    watermark(minutes(5).plus(ttl));
    assertNothingHeld();

    // A reaction after the TTL waits for an author that is no longer known, then gives up.
    Instant late = minutes(5).plus(ttl);
    send(reaction("e3", CY, "p1", null, late));
    watermark(late.plus(RESOLVE_TIMEOUT).plusMillis(1));
    assertThat(credits()).extracting(c -> c.eventId).containsExactly("e2");
    assertThat(unresolved()).extracting(r -> r.eventId).containsExactly("e3");
    assertNothingHeld();
  }

  /** A thread with every kind of reference, some targets given, one content never created. */
  private static List<PostEvent> thread() {
    return List.of(
        post("e01", ADA, "p1", T0),
        reply("e02", BOB, "r1", "p1", null, minutes(4)),
        reply("e03", ADA, "r2", "p1", null, minutes(2)),
        reply("e04", CY, "r3", "p1", ADA, minutes(3)),
        reply("e05", ADA, "r4", "r1", null, minutes(6)),
        reaction("e06", CY, "r1", null, minutes(7)),
        reaction("e07", BOB, "p1", null, minutes(1)),
        acceptedAnswer("e08", ADA, "r1", null, minutes(8)),
        mention("e09", BOB, "r1", CY, minutes(4)),
        mention("e10", BOB, "r1", null, minutes(4)),
        reaction("e11", CY, "missing", null, minutes(9)),
        post("e12", BOB, "p2", minutes(10)),
        reply("e13", BOB, "r5", "p2", null, minutes(11)),
        reply("e14", CY, "r6", "p2", null, minutes(30)),
        reply("e15", ADA, "r7", "p2", BOB, minutes(25)));
  }

  /** What one arrival order produced: credits, final first response per post, unresolved. */
  private record Outcome(
      List<String> credits, Map<String, Long> firstResponses, List<String> unresolved) {}

  private Outcome run(List<PostEvent> events) throws Exception {
    open(new ContentJoin(JobDefaults.CONTENT));
    long maxSeen = Long.MIN_VALUE;
    for (PostEvent e : events) {
      send(e);
      // Bounded out-of-orderness of 10 s: every event stays within the 1 h lateness.
      maxSeen = Math.max(maxSeen, e.getOccurredAt().toEpochMilli());
      watermark(maxSeen - 10_000);
    }
    watermark(Long.MAX_VALUE - 1);
    assertNothingHeld();

    List<String> credits = new ArrayList<>();
    for (Credit c : credits()) {
      credits.add(c.toString());
    }
    Collections.sort(credits);
    Map<String, Long> first = new HashMap<>();
    for (FirstResponse f : firstResponses()) {
      first.merge(f.postEventId, f.firstReplyAt, Math::min);
    }
    List<String> unresolved = new ArrayList<>();
    for (ContentRef r : unresolved()) {
      unresolved.add(r.eventId);
    }
    Collections.sort(unresolved);
    harness.close();
    harness = null;
    return new Outcome(credits, first, unresolved);
  }

  @Test
  void resultsDoNotDependOnArrivalOrder() throws Exception {
    List<PostEvent> inTimeOrder = new ArrayList<>(thread());
    inTimeOrder.sort(Comparator.comparing(PostEvent::getOccurredAt));
    Outcome expected = run(inTimeOrder);

    // e10 (a mention without target) credits nobody, e11 (to content never created) is unresolved.
    assertThat(expected.credits()).hasSize(11);
    assertThat(expected.firstResponses())
        .containsOnly(Map.entry("e01", millis(minutes(3))), Map.entry("e12", millis(minutes(25))));
    assertThat(expected.unresolved()).containsExactly("e11");

    Random random = new Random(20260302L);
    for (int i = 0; i < 40; i++) {
      List<PostEvent> shuffled = new ArrayList<>(thread());
      Collections.shuffle(shuffled, random);
      assertThat(run(shuffled)).as("order %s", Arrays.toString(ids(shuffled))).isEqualTo(expected);
    }
  }

  private static String[] ids(List<PostEvent> events) {
    return events.stream().map(PostEvent::getEventId).toArray(String[]::new);
  }
}
