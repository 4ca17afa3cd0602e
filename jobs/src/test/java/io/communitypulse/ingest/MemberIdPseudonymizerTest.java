package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static io.communitypulse.ingest.IngestFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.junit.jupiter.api.Test;

class MemberIdPseudonymizerTest {

  private static MemberIdPseudonymizer open(String key) throws Exception {
    MemberIdPseudonymizer p =
        new MemberIdPseudonymizer(key, new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS));
    p.open(DefaultOpenContext.INSTANCE);
    return p;
  }

  @Test
  void replacesEveryMemberIdOfAClickAndAPostConsistently() throws Exception {
    MemberIdPseudonymizer p = open("k1");
    ClickEvent c =
        ClickEvent.newBuilder(click("e1", T0)).setMemberId("alice").setReferredBy("bob").build();
    PostEvent post =
        PostEvent.newBuilder(post("e2", T0)).setMemberId("bob").setTargetMemberId("alice").build();

    ClickEvent outClick = p.map(DecodedInput.ofClick(c, "t", 0, 0)).click;
    PostEvent outPost = p.map(DecodedInput.ofPost(post, "t", 0, 1)).post;

    assertThat(outClick.getMemberId())
        .isNotEqualTo("alice")
        .hasSize(32)
        .isEqualTo(outPost.getTargetMemberId());
    assertThat(outClick.getReferredBy()).isEqualTo(outPost.getMemberId()).isNotEqualTo("bob");
    assertThat(outClick.getAnonymousId()).isEqualTo("dev-1");
  }

  @Test
  void anotherKeyGivesOtherPseudonymsAndNullStaysNull() throws Exception {
    assertThat(open("k1").pseudonym("alice")).isNotEqualTo(open("k2").pseudonym("alice"));
    assertThat(open("k1").pseudonym(null)).isNull();
  }

  @Test
  void memberIdsInProfileAndShareUrlsGetTheSamePseudonym() throws Exception {
    MemberIdPseudonymizer p = open("k1");
    ClickEvent c =
        ClickEvent.newBuilder(click("e1", T0))
            .setUrl("https://dev.example/u/alice?tab=posts")
            .setReferrer("https://dev.example/t/42?utm_source=x&ref=bob#top")
            .build();

    ClickEvent out = p.map(DecodedInput.ofClick(c, "t", 0, 0)).click;

    assertThat(out.getUrl())
        .isEqualTo("https://dev.example/u/" + p.pseudonym("alice") + "?tab=posts");
    assertThat(out.getReferrer())
        .isEqualTo("https://dev.example/t/42?utm_source=x&ref=" + p.pseudonym("bob") + "#top");
  }

  @Test
  void urlsWithoutMemberIdsStayAsTheyAre() throws Exception {
    MemberIdPseudonymizer p = open("k1");
    ClickEvent c =
        ClickEvent.newBuilder(click("e1", T0))
            .setUrl("https://dev.example/t/42?utm_source=x")
            .setReferrer(null)
            .build();

    ClickEvent out = p.map(DecodedInput.ofClick(c, "t", 0, 0)).click;

    assertThat(out.getUrl()).isEqualTo("https://dev.example/t/42?utm_source=x");
    assertThat(out.getReferrer()).isNull();
  }
}
