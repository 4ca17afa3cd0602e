package io.communitypulse.client;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Valid sample events for the client tests; each test breaks one field. */
final class Events {

  private Events() {}

  static ClickEvent click(String communityId, int i, Instant at) {
    return ClickEvent.newBuilder()
        .setEventId("c-" + i)
        .setCommunityId(communityId)
        .setOccurredAt(at)
        .setAnonymousId("device-" + (i % 7))
        .setMemberId(i % 3 == 0 ? "member-" + (i % 5) : null)
        .setType(ClickType.values()[i % ClickType.values().length])
        .setUrl("https://community.example/t/" + i)
        .setConversionValue(i % 6 == 5 ? 9.5 : null)
        .setProperties(Map.of("locale", "en"))
        .build();
  }

  static PostEvent post(String communityId, int i, Instant at) {
    return PostEvent.newBuilder()
        .setEventId("p-" + i)
        .setCommunityId(communityId)
        .setOccurredAt(at)
        .setMemberId("member-" + (i % 5))
        .setType(PostType.values()[i % PostType.values().length])
        .setContentId("content-" + i)
        .setParentContentId(i % 2 == 1 ? "content-" + (i - 1) : null)
        .setTags(List.of("java", "kafka"))
        .build();
  }
}
