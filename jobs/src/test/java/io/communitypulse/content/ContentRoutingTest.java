package io.communitypulse.content;

import static io.communitypulse.content.ContentFixtures.ADA;
import static io.communitypulse.content.ContentFixtures.BOB;
import static io.communitypulse.content.ContentFixtures.COMMUNITY;
import static io.communitypulse.content.ContentFixtures.CY;
import static io.communitypulse.content.ContentFixtures.T0;
import static io.communitypulse.content.ContentFixtures.acceptedAnswer;
import static io.communitypulse.content.ContentFixtures.mention;
import static io.communitypulse.content.ContentFixtures.post;
import static io.communitypulse.content.ContentFixtures.reaction;
import static io.communitypulse.content.ContentFixtures.reply;
import static io.communitypulse.content.ContentFixtures.route;
import static io.communitypulse.content.ContentFixtures.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentRoutingTest {

  @Test
  void postAuthorsItsContent() {
    List<ContentRef> refs = route(post("e1", ADA, "p1", T0));

    assertThat(refs).hasSize(1);
    ContentRef ref = refs.get(0);
    assertThat(ref.key()).isEqualTo(COMMUNITY + "/p1");
    assertThat(ref.role).isEqualTo(ContentRole.AUTHORED);
    assertThat(ref.memberId).isEqualTo(ADA);
    assertThat(ref.eventId).isEqualTo("e1");
    assertThat(ref.occurredAt).isEqualTo(T0.toEpochMilli());
    assertThat(ref.post).isTrue();
  }

  @Test
  void replyAuthorsItsContentAndRefersToItsParent() {
    List<ContentRef> refs = route(reply("e2", BOB, "r1", "p1", ADA, T0));

    assertThat(refs)
        .extracting(
            ContentRef::key, r -> r.role, r -> r.memberId, r -> r.targetMemberId, r -> r.post)
        .containsExactly(
            tuple(COMMUNITY + "/r1", ContentRole.AUTHORED, BOB, null, false),
            tuple(COMMUNITY + "/p1", ContentRole.REPLY_TO, BOB, ADA, false));
  }

  @Test
  void replyWithoutParentOnlyAuthors() {
    assertThat(route(reply("e2", BOB, "r1", null, null, T0)))
        .extracting(r -> r.role)
        .containsExactly(ContentRole.AUTHORED);
  }

  @Test
  void reactionAndAcceptedAnswerReferToTheContentActedOn() {
    List<ContentRef> refs =
        route(reaction("e3", CY, "r1", null, T0), acceptedAnswer("e4", ADA, "r1", BOB, T0));

    assertThat(refs)
        .extracting(ContentRef::key, r -> r.role, r -> r.memberId, r -> r.targetMemberId)
        .containsExactly(
            tuple(COMMUNITY + "/r1", ContentRole.REACTION, CY, null),
            tuple(COMMUNITY + "/r1", ContentRole.ACCEPTED_ANSWER, ADA, BOB));
  }

  @Test
  void mentionIsRoutedOnlyWithATarget() {
    assertThat(route(mention("e5", ADA, "p1", null, T0))).isEmpty();
    assertThat(route(mention("e6", ADA, "p1", CY, T0)))
        .extracting(ContentRef::key, r -> r.role, r -> r.targetMemberId)
        .containsExactly(tuple(COMMUNITY + "/p1", ContentRole.MENTION, CY));
  }

  @Test
  void shareConcernsNoContentAuthor() {
    assertThat(route(share("e7", ADA, "p1", T0))).isEmpty();
  }
}
