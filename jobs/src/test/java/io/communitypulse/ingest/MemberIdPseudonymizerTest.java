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
    MemberIdPseudonymizer p = new MemberIdPseudonymizer(key);
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
}
