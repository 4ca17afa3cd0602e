package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static io.communitypulse.ingest.IngestFixtures.onPartition;
import static io.communitypulse.ingest.IngestFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.MemberReferences;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Suppression at ingest: while a member is suppressed their own events go, and the events of others
 * lose every reference to them (referral, target, their id in a URL), and nothing else.
 */
class ErasedEventsTest {

  private static final String COMMUNITY = "acme";
  private static final String FORGOTTEN = "m-1";

  /** The wall clock of the tests; the member is suppressed for a day from here. */
  private static final long NOW = T0.toEpochMilli();

  private static final long UNTIL = NOW + Duration.ofDays(1).toMillis();

  private final ErasedEvents screen =
      new ErasedEvents(new MemberReferences(new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS)));

  private final ErasedMembers erased =
      ErasedMembers.of(Map.of(ErasedMembers.hash(COMMUNITY, FORGOTTEN), UNTIL));

  private DecodedInput screened(ClickEvent click) {
    return screen.screen(onPartition(click, 3, 42), erased, NOW);
  }

  private DecodedInput screened(PostEvent post) {
    return screen.screen(DecodedInput.ofPost(post, "posts", 1, 7), erased, NOW);
  }

  private static ClickEvent clickOf(String member) {
    ClickEvent c = click("e1", T0);
    c.setMemberId(member);
    return c;
  }

  @Test
  void theMembersOwnClickIsDropped() {
    assertThat(screened(clickOf(FORGOTTEN))).isNull();
  }

  @Test
  void theMembersOwnPostIsDropped() {
    PostEvent own = post("p1", T0);
    own.setMemberId(FORGOTTEN);

    assertThat(screened(own)).isNull();
  }

  @Test
  void aVisitReferredByTheMemberKeepsItsVisitButLosesItsReferrer() {
    ClickEvent referred = clickOf("m-2");
    referred.setReferredBy(FORGOTTEN);

    DecodedInput out = screened(referred);

    assertThat(out.click.getReferredBy()).isNull();
    assertThat(out.click.getMemberId()).isEqualTo("m-2");
    assertThat(out.click.getEventId()).isEqualTo("e1");
    assertThat(out.click.getUrl()).isEqualTo(referred.getUrl());
    // Still the same record of the same partition: dedup and offsets are unaffected.
    assertThat(out.sourceTopic).isEqualTo("clicks");
    assertThat(out.sourcePartition).isEqualTo(3);
    assertThat(out.sourceOffset).isEqualTo(42);
  }

  @Test
  void theMembersIdInsideAUrlBecomesForgotten() {
    ClickEvent profile = clickOf(null);
    profile.setUrl("https://x/u/" + FORGOTTEN + "?ref=" + FORGOTTEN);
    profile.setReferrer("https://x/members/" + FORGOTTEN + "/posts");

    DecodedInput out = screened(profile);

    assertThat(out.click.getUrl()).isEqualTo("https://x/u/forgotten?ref=forgotten");
    assertThat(out.click.getReferrer()).isEqualTo("https://x/members/forgotten/posts");
  }

  @Test
  void otherIdsAreUntouchedEvenWhenTheyStartWithTheMembersId() {
    ClickEvent other = clickOf("m-12");
    other.setUrl("https://x/u/m-12?ref=m-2&member=m-10");
    other.setReferrer("https://x/u/" + FORGOTTEN + "x");
    other.setReferredBy("m-12");
    DecodedInput in = onPartition(other, 0, 1);

    assertThat(screen.screen(in, erased, NOW)).isSameAs(in);
    assertThat(in.click.getUrl()).isEqualTo("https://x/u/m-12?ref=m-2&member=m-10");
  }

  @Test
  void aPostTargetingTheMemberKeepsItsAuthorButLosesItsTarget() {
    PostEvent reply = post("p2", T0);
    reply.setMemberId("m-2");
    reply.setType(PostType.REPLY);
    reply.setParentContentId("c-p1");
    reply.setTargetMemberId(FORGOTTEN);

    DecodedInput out = screened(reply);

    assertThat(out.post.getTargetMemberId()).isNull();
    assertThat(out.post.getMemberId()).isEqualTo("m-2");
    assertThat(out.post.getParentContentId()).isEqualTo("c-p1");
    assertThat(out.sourcePartition).isEqualTo(1);
    assertThat(out.sourceOffset).isEqualTo(7);
  }

  @Test
  void theSameIdInAnotherCommunityIsNotSuppressed() {
    ClickEvent elsewhere = clickOf(FORGOTTEN);
    elsewhere.setCommunityId("globex");
    elsewhere.setReferredBy(FORGOTTEN);
    DecodedInput in = onPartition(elsewhere, 0, 1);

    assertThat(screen.screen(in, erased, NOW)).isSameAs(in);
  }

  @Test
  void onceTheSuppressionEndsTheMembersEventsPassUnchanged() {
    DecodedInput own = onPartition(clickOf(FORGOTTEN), 0, 1);
    ClickEvent referred = clickOf("m-2");
    referred.setReferredBy(FORGOTTEN);
    DecodedInput other = onPartition(referred, 0, 2);

    assertThat(screen.screen(own, erased, UNTIL)).isSameAs(own);
    assertThat(screen.screen(other, erased, UNTIL)).isSameAs(other);
    assertThat(screen.screen(own, erased, UNTIL - 1)).isNull();
  }
}
