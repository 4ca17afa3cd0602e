package io.communitypulse.content;

import static io.communitypulse.content.ContentFixtures.ADA;
import static io.communitypulse.content.ContentFixtures.BOB;
import static io.communitypulse.content.ContentFixtures.COMMUNITY;
import static io.communitypulse.content.ContentFixtures.CY;
import static io.communitypulse.content.ContentFixtures.RESOLVE_TIMEOUT;
import static io.communitypulse.content.ContentFixtures.credit;
import static io.communitypulse.content.ContentFixtures.millis;
import static io.communitypulse.content.ContentFixtures.minutes;
import static io.communitypulse.content.ContentFixtures.post;
import static io.communitypulse.content.ContentFixtures.reaction;
import static io.communitypulse.content.ContentFixtures.reply;
import static io.communitypulse.content.ContentFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.PostEvent;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgettingHarness;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.testing.CloseAfterEach;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the content join forgets of a member (Ada): the authorship of what she wrote, so a later
 * reply to it credits nobody, and her references still waiting for an author; while she is
 * suppressed her posts are dropped and what targets her credits nobody.
 */
class ContentErasureTest {

  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);
  private static final long NOW = millis(minutes(30));
  private static final String STATE = "content-book";

  @RegisterExtension final CloseAfterEach harnesses = new CloseAfterEach();

  private ForgettingHarness<String, ContentRef, Credit> open(Duration suppressFor)
      throws Exception {
    var h =
        ForgettingHarness.open(
            new ForgettingStage<>(
                new ContentJoin(JobDefaults.CONTENT), new ContentErasure(), suppressFor),
            ContentRef::key,
            Types.STRING);
    h.processingTime(NOW);
    harnesses.add(h);
    return h;
  }

  private static void send(ForgettingHarness<String, ContentRef, Credit> h, PostEvent... events)
      throws Exception {
    for (ContentRef ref : route(events)) {
      h.send(ref, ref.occurredAt);
    }
  }

  private static Erasure erasureOfAda() {
    return Erasure.of("r-ada", COMMUNITY, ADA, NOW);
  }

  private static String content(String contentId) {
    return COMMUNITY + "/" + contentId;
  }

  @Test
  void theAuthorshipOfTheMembersContentGoesSoALaterReplyCreditsNobody() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.watermark(millis(minutes(0)) - 1);
    send(h, post("p1", ADA, "c1", minutes(0)), post("p2", BOB, "c2", minutes(1)));
    assertThat(h.keysWith(STATE)).containsExactly(content("c1"), content("c2"));

    h.erase(erasureOfAda());

    assertThat(h.drain()).isEmpty();
    assertThat(h.keysWith(STATE)).containsExactly(content("c2"));

    send(
        h,
        reply("r1", CY, "c3", "c1", null, minutes(5)),
        reply("r2", CY, "c4", "c2", null, minutes(6)));
    h.watermark(millis(minutes(6).plus(RESOLVE_TIMEOUT)) + 1);

    assertThat(h.drain())
        .containsExactly(credit(CreditType.REPLY, CY, BOB, "r2", "c2", minutes(6)));
    assertThat(h.drain(ContentJoin.UNRESOLVED)).extracting(r -> r.eventId).containsExactly("r1");
  }

  @Test
  void aReplyNamingTheMemberAsItsTargetCreditsNobody() throws Exception {
    var h = open(SUPPRESS_FOR);
    send(h, post("p1", ADA, "c1", minutes(0)));
    h.erase(erasureOfAda());

    send(h, reply("r1", CY, "c3", "c1", ADA, minutes(5)));

    assertThat(h.drain()).isEmpty();
  }

  @Test
  void theTimersOfTheMembersContentEmitNothing() throws Exception {
    var h = open(SUPPRESS_FOR);
    send(h, post("p1", ADA, "c1", minutes(0)));
    h.erase(erasureOfAda());

    h.watermark(millis(minutes(0).plus(JobDefaults.AUTHOR_TTL)) + 1);

    assertThat(h.drain()).isEmpty();
    assertThat(h.drain(ContentJoin.UNRESOLVED)).isEmpty();
    assertThat(h.drain(ContentJoin.FIRST_RESPONSES)).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void theMembersWaitingReferencesGo() throws Exception {
    // Ada reacts to Bob's post and Cy replies to it before the post itself arrives.
    var h = open(SUPPRESS_FOR);
    send(
        h,
        reaction("x1", ADA, "c2", null, minutes(1)),
        reply("r1", CY, "c3", "c2", null, minutes(2)));

    h.erase(erasureOfAda());
    send(h, post("p2", BOB, "c2", minutes(3)));

    assertThat(h.drain())
        .containsExactly(credit(CreditType.REPLY, CY, BOB, "r1", "c2", minutes(2)));
  }

  @Test
  void aContentWhoseOnlyWaitingReferenceWasTheMembersKeepsNothing() throws Exception {
    var h = open(SUPPRESS_FOR);
    send(h, reaction("x1", ADA, "c2", null, minutes(1)));
    assertThat(h.keysWith(STATE)).containsExactly(content("c2"));

    h.erase(erasureOfAda());

    assertThat(h.keysWith(STATE)).isEmpty();
    h.watermark(millis(minutes(1).plus(RESOLVE_TIMEOUT)) + 1);
    assertThat(h.drain(ContentJoin.UNRESOLVED)).isEmpty();
  }

  /**
   * Bob replies to Ada's post before it arrives, naming her: the credit goes to her at once, and
   * the reply waits only to be the post's first response.
   */
  private static void bobRepliesToAdasUnseenPost(ForgettingHarness<String, ContentRef, Credit> h)
      throws Exception {
    h.watermark(millis(minutes(0)) - 1);
    send(h, reply("r1", BOB, "c3", "c1", ADA, minutes(5)));
    assertThat(h.drain())
        .containsExactly(credit(CreditType.REPLY, BOB, ADA, "r1", "c1", minutes(5)));
  }

  @Test
  void aReplyAlreadyCreditedToTheMemberIsNotCreditedAgainWhenHerPostComesBack() throws Exception {
    // Suppression off: her post, replayed after the erasure, is accepted again.
    var control = open(Duration.ZERO);
    var erased = open(Duration.ZERO);
    bobRepliesToAdasUnseenPost(control);
    bobRepliesToAdasUnseenPost(erased);
    erased.erase(erasureOfAda());

    for (var h : List.of(control, erased)) {
      send(h, post("p1", ADA, "c1", minutes(0)));
    }

    assertThat(erased.drain()).isEqualTo(control.drain()).isEmpty();
    assertThat(erased.drain(ContentJoin.FIRST_RESPONSES))
        .isEqualTo(control.drain(ContentJoin.FIRST_RESPONSES))
        .hasSize(1);
  }

  @Test
  void aReplyAlreadyCreditedToTheMemberIsNotCountedUnresolved() throws Exception {
    // Suppressed: her post never arrives, as if it had never been written.
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    bobRepliesToAdasUnseenPost(control);
    bobRepliesToAdasUnseenPost(erased);
    erased.erase(erasureOfAda());

    for (var h : List.of(control, erased)) {
      h.watermark(millis(minutes(5).plus(RESOLVE_TIMEOUT)) + 1);
    }

    assertThat(control.drain(ContentJoin.UNRESOLVED)).isEmpty();
    assertThat(erased.drain(ContentJoin.UNRESOLVED)).isEmpty();
    assertThat(erased.drain()).isEmpty();
  }

  @Test
  void theMembersPostsAreDroppedWhileSuppressed() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.erase(erasureOfAda());

    send(h, post("p1", ADA, "c1", minutes(0)), reaction("x1", BOB, "c1", null, minutes(1)));
    send(h, reaction("x2", ADA, "c9", CY, minutes(1)));

    assertThat(h.drain()).isEmpty();
    // Only Bob's reaction waits, for an author who will not come.
    assertThat(h.keysWith(STATE)).containsExactly(content("c1"));
  }

  @Test
  void withSuppressionOffTheMembersPostsAreCreditedAgain() throws Exception {
    var h = open(Duration.ZERO);
    h.erase(erasureOfAda());

    send(h, post("p1", ADA, "c1", minutes(0)), reaction("x1", BOB, "c1", null, minutes(1)));

    assertThat(h.drain())
        .containsExactly(credit(CreditType.REACTION, BOB, ADA, "x1", "c1", minutes(1)));
  }

  @Test
  void anErasureOfAMemberNobodyKnowsIsHarmless() throws Exception {
    var h = open(SUPPRESS_FOR);
    send(h, post("p2", BOB, "c2", minutes(0)), reaction("x1", CY, "c9", null, minutes(1)));
    int before = h.numKeyedStateEntries();

    h.erase(Erasure.of("r-nobody", COMMUNITY, "m-nobody", NOW));

    assertThat(h.drain()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isEqualTo(before);
    send(h, reaction("x2", CY, "c2", null, minutes(2)));
    assertThat(h.drain())
        .containsExactly(credit(CreditType.REACTION, CY, BOB, "x2", "c2", minutes(2)));
  }
}
