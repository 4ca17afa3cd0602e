package io.communitypulse.forget;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.MemberIdPseudonymizer;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.wire.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.junit.jupiter.api.Test;

class ErasureRequestsTest {

  private static final String KEY = "a-secret-hmac-key";
  private static final Instant NOW = Instant.parse("2026-12-06T10:15:30.123456Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final MemberRef ALICE = new MemberRef("acme-devs", "alice");

  @Test
  void shouldNameTheMemberByThePseudonymTheJobGivesTheirClicksAndPosts() throws Exception {
    MemberIdPseudonymizer job =
        new MemberIdPseudonymizer(KEY, new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS));
    job.open(DefaultOpenContext.INSTANCE);
    ClickEvent click =
        ClickEvent.newBuilder()
            .setEventId("e-1")
            .setCommunityId("acme-devs")
            .setOccurredAt(NOW)
            .setAnonymousId("dev-1")
            .setMemberId("alice")
            .setType(ClickType.SIGN_IN)
            .build();
    PostEvent post =
        PostEvent.newBuilder()
            .setEventId("e-2")
            .setCommunityId("acme-devs")
            .setOccurredAt(NOW)
            .setMemberId("alice")
            .setType(PostType.POST)
            .setContentId("p-1")
            .build();
    String stored = job.map(DecodedInput.ofClick(click, "t", 0, 0)).click.getMemberId();

    ErasureRequest request = new ErasureRequests(Optional.of(KEY), CLOCK).of(ALICE);

    assertThat(request.getMemberId())
        .isEqualTo(stored)
        .isEqualTo(job.map(DecodedInput.ofPost(post, "t", 0, 1)).post.getMemberId())
        .isNotEqualTo("alice");
    assertThat(request.getPseudonymized()).isTrue();
    assertThat(Topics.erasureKey(request)).isEqualTo("acme-devs/" + stored);
  }

  @Test
  void shouldSendTheRawIdWhenPseudonymisationIsOff() {
    ErasureRequest request = new ErasureRequests(Optional.empty(), CLOCK).of(ALICE);

    assertThat(request.getCommunityId()).isEqualTo("acme-devs");
    assertThat(request.getMemberId()).isEqualTo("alice");
    assertThat(request.getPseudonymized()).isFalse();
    assertThat(Topics.erasureKey(request)).isEqualTo("acme-devs/alice");
  }

  @Test
  void shouldDateEachRequestToTheMillisecondAndGiveItItsOwnUuid() {
    ErasureRequests requests = new ErasureRequests(Optional.empty(), CLOCK);

    ErasureRequest first = requests.of(ALICE);
    ErasureRequest second = requests.of(ALICE);

    assertThat(first.getRequestedAt()).isEqualTo(Instant.parse("2026-12-06T10:15:30.123Z"));
    assertThat(UUID.fromString(first.getRequestId()).version()).isEqualTo(4);
    assertThat(first.getRequestId()).isNotEqualTo(second.getRequestId());
  }
}
