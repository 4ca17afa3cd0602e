package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldNameTheDefaultTopics() {
    assertThat(Topics.CLICKS).isEqualTo("pulse.clicks.v1");
    assertThat(Topics.POSTS).isEqualTo("pulse.posts.v1");
    assertThat(Topics.DEAD_LETTERS).isEqualTo("pulse.deadletter.v1");
    assertThat(Topics.ERASURE).isEqualTo("pulse.erasure.v1");
  }

  @Test
  void shouldKeyErasureRequestsByCommunityAndMemberLikePosts() {
    assertThat(Topics.erasureKey(TestEvents.erasureRequest())).isEqualTo("acme-devs/m-7");
    assertThat(Topics.key(TestEvents.erasureRequest())).isEqualTo("acme-devs/m-7");
    assertThat(Topics.topicOf(TestEvents.erasureRequest())).isEqualTo(Topics.ERASURE);
  }

  @Test
  void shouldKeyClicksByCommunityAndDevice() {
    assertThat(Topics.clickKey(TestEvents.fullClick())).isEqualTo("acme-devs/dev-42");
    assertThat(Topics.key(TestEvents.fullClick())).isEqualTo("acme-devs/dev-42");
    assertThat(Topics.topicOf(TestEvents.fullClick())).isEqualTo(Topics.CLICKS);
  }

  @Test
  void shouldKeyPostsByCommunityAndMember() {
    assertThat(Topics.postKey(TestEvents.fullPost())).isEqualTo("acme_devs/m-7");
    assertThat(Topics.key(TestEvents.fullPost())).isEqualTo("acme_devs/m-7");
    assertThat(Topics.topicOf(TestEvents.fullPost())).isEqualTo(Topics.POSTS);
  }

  @Test
  void shouldRefuseToKeyOtherRecords() {
    assertThatThrownBy(
            () ->
                Topics.key(
                    DeadLetters.fromFile(
                        "",
                        "f",
                        1,
                        new Rejection(io.communitypulse.events.RejectReason.OTHER, "m"),
                        TestEvents.NOW,
                        null,
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DeadLetter");
  }
}
