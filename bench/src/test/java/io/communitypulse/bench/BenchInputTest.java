package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.WireCodec;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchInputTest {

  private static final BenchInput INPUT =
      BenchInput.generate(BenchInput.settings(7, 3, 20, 20), 3_000);

  @Test
  void oneCommunityAndSpreadVariantsDifferOnlyInCommunityId() {
    BenchInput spread = INPUT.withCommunity(null);
    BenchInput hot = INPUT.withCommunity(HotCommunityCase.HOT);
    WireCodec<ClickEvent> clicks = WireCodec.clicks();
    WireCodec<PostEvent> posts = WireCodec.posts();

    assertThat(hot.clicks().length).isEqualTo(INPUT.clicks().length).isPositive();
    assertThat(hot.posts().length).isEqualTo(INPUT.posts().length).isPositive();
    Set<String> spreadCommunities = new HashSet<>();
    for (int i = 0; i < INPUT.clicks().length; i++) {
      ClickEvent s = clicks.decode(spread.clicks()[i]).value();
      ClickEvent h = clicks.decode(hot.clicks()[i]).value();
      spreadCommunities.add(s.getCommunityId());
      assertThat(h.getCommunityId()).isEqualTo(HotCommunityCase.HOT);
      h.setCommunityId(s.getCommunityId());
      assertThat(h).isEqualTo(s);
    }
    for (int i = 0; i < INPUT.posts().length; i++) {
      PostEvent s = posts.decode(spread.posts()[i]).value();
      PostEvent h = posts.decode(hot.posts()[i]).value();
      assertThat(h.getCommunityId()).isEqualTo(HotCommunityCase.HOT);
      h.setCommunityId(s.getCommunityId());
      assertThat(h).isEqualTo(s);
    }
    assertThat(spreadCommunities).hasSize(3);
  }

  @Test
  void keepsMemberAndContentIdsOfDifferentCommunitiesApart() {
    BenchInput hot = INPUT.withCommunity(HotCommunityCase.HOT);
    WireCodec<PostEvent> posts = WireCodec.posts();

    for (int i = 0; i < INPUT.posts().length; i++) {
      PostEvent original = posts.decode(INPUT.posts()[i]).value();
      PostEvent moved = posts.decode(hot.posts()[i]).value();
      String prefix = original.getCommunityId() + ".";
      assertThat(moved.getMemberId()).isEqualTo(prefix + original.getMemberId());
      assertThat(moved.getContentId()).isEqualTo(prefix + original.getContentId());
      if (original.getParentContentId() != null) {
        assertThat(moved.getParentContentId()).isEqualTo(prefix + original.getParentContentId());
      }
    }
  }
}
