package io.communitypulse.ingest;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.Instant;

/** Small valid events for ingest tests. */
final class IngestFixtures {

  static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");

  private IngestFixtures() {}

  static ClickEvent click(String id, Instant at) {
    return ClickEvent.newBuilder()
        .setEventId(id)
        .setCommunityId("acme")
        .setOccurredAt(at)
        .setAnonymousId("dev-1")
        .setType(ClickType.PAGE_VIEW)
        .setUrl("https://acme.example.com/t/1")
        .build();
  }

  static PostEvent post(String id, Instant at) {
    return PostEvent.newBuilder()
        .setEventId(id)
        .setCommunityId("acme")
        .setOccurredAt(at)
        .setMemberId("m-1")
        .setType(PostType.POST)
        .setContentId("c-" + id)
        .build();
  }

  static DecodedInput onPartition(ClickEvent click, int partition, long offset) {
    return DecodedInput.ofClick(click, "clicks", partition, offset);
  }
}
