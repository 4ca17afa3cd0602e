package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.wire.WireCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTimestampsTest {

  private static final Instant HISTORY = Instant.parse("2024-01-01T08:30:00.123Z");
  private static final Instant NOW = Instant.parse("2026-11-25T17:55:35.987Z");

  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();

  @Test
  void readsTheTimeOfAnEncodedClickAndPost() {
    assertThat(WireTimestamps.occurredAt(clicks.encode(click(HISTORY))))
        .isEqualTo(HISTORY.toEpochMilli());
    assertThat(WireTimestamps.occurredAt(posts.encode(post(HISTORY))))
        .isEqualTo(HISTORY.toEpochMilli());
  }

  @Test
  void redatingAClickChangesItsTimeAndNothingElse() {
    byte[] wire = clicks.encode(click(HISTORY));

    byte[] redated = WireTimestamps.withOccurredAt(wire, NOW.toEpochMilli());

    ClickEvent decoded = clicks.decode(redated).value();
    assertThat(decoded.getOccurredAt()).isEqualTo(NOW);
    decoded.setOccurredAt(HISTORY);
    assertThat(decoded).isEqualTo(click(HISTORY));
    assertThat(WireTimestamps.occurredAt(wire))
        .as("the original is untouched")
        .isEqualTo(HISTORY.toEpochMilli());
  }

  @Test
  void redatingAPostChangesItsTimeAndNothingElse() {
    byte[] redated = WireTimestamps.withOccurredAt(posts.encode(post(HISTORY)), NOW.toEpochMilli());

    PostEvent decoded = posts.decode(redated).value();
    assertThat(decoded.getOccurredAt()).isEqualTo(NOW);
    decoded.setOccurredAt(HISTORY);
    assertThat(decoded).isEqualTo(post(HISTORY));
  }

  @Test
  void aTimeOfAnotherEncodedLengthShiftsTheRestOfTheMessage() {
    byte[] wire = clicks.encode(click(HISTORY));

    byte[] early = WireTimestamps.withOccurredAt(wire, 1_000L); // 2 varint bytes instead of 6

    assertThat(early).hasSize(wire.length - 4);
    assertThat(clicks.decode(early).value().getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(clicks.decode(early).value().getUrl()).isEqualTo("https://acme.example/t/1");
  }

  @Test
  void refusesWhatIsNotASingleObjectMessage() {
    assertThatThrownBy(() -> WireTimestamps.occurredAt(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(clicks.encode(click(HISTORY)), 14);
    assertThatThrownBy(() -> WireTimestamps.withOccurredAt(truncated, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ClickEvent click(Instant at) {
    return ClickEvent.newBuilder()
        .setEventId("c-1")
        .setCommunityId("acme-devs")
        .setOccurredAt(at)
        .setAnonymousId("dev-42")
        .setMemberId("m-7")
        .setType(ClickType.PAGE_VIEW)
        .setUrl("https://acme.example/t/1")
        .setProperties(Map.of("plan", "pro"))
        .build();
  }

  private static PostEvent post(Instant at) {
    return PostEvent.newBuilder()
        .setEventId("p-1")
        .setCommunityId("acme_devs")
        .setOccurredAt(at)
        .setMemberId("m-7")
        .setType(PostType.REPLY)
        .setContentId("reply-3")
        .setParentContentId("post-9")
        .setTags(List.of("java"))
        .build();
  }
}
