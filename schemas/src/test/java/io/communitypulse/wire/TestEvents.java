package io.communitypulse.wire;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared fixtures: a fixed "now" and events with every field, or only the required ones, set. */
final class TestEvents {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Instant OCCURRED_AT = Instant.parse("2025-06-01T10:15:30.123Z");

  private TestEvents() {}

  static ClickEvent fullClick() {
    return ClickEvent.newBuilder()
        .setEventId("c-1")
        .setCommunityId("acme-devs")
        .setOccurredAt(OCCURRED_AT)
        .setAnonymousId("dev-42")
        .setMemberId("m-7")
        .setType(ClickType.CONVERSION)
        .setUrl("https://acme.example/t/1?x=\"y\"")
        .setReferrer("https://www.linkedin.com/")
        .setContentId("post-9")
        .setReferredBy("m-3")
        .setConversionValue(49.95)
        .setUserAgent("Mozilla/5.0")
        .setIp("192.0.2.1")
        .setProperties(Map.of("plan", "pro", "ünïcødé", "✓"))
        .build();
  }

  static ClickEvent minimalClick() {
    return ClickEvent.newBuilder()
        .setEventId("c-2")
        .setCommunityId("acme")
        .setOccurredAt(OCCURRED_AT)
        .setAnonymousId("dev-1")
        .setType(ClickType.PAGE_VIEW)
        .build();
  }

  static PostEvent fullPost() {
    return PostEvent.newBuilder()
        .setEventId("p-1")
        .setCommunityId("acme_devs")
        .setOccurredAt(OCCURRED_AT)
        .setMemberId("m-7")
        .setType(PostType.REPLY)
        .setContentId("reply-3")
        .setParentContentId("post-9")
        .setTargetMemberId("m-3")
        .setNetwork("linkedin")
        .setTags(List.of("java", "flink"))
        .setProperties(Map.of("lang", "en"))
        .build();
  }

  static PostEvent minimalPost() {
    return PostEvent.newBuilder()
        .setEventId("p-2")
        .setCommunityId("acme")
        .setOccurredAt(OCCURRED_AT)
        .setMemberId("m-1")
        .setType(PostType.POST)
        .setContentId("post-1")
        .build();
  }

  static ErasureRequest erasureRequest() {
    return ErasureRequest.newBuilder()
        .setRequestId("5f0e7c1a-3b7d-4d39-9d0b-7a1c2e4f6a88")
        .setCommunityId("acme-devs")
        .setMemberId("m-7")
        .setPseudonymized(false)
        .setRequestedAt(NOW)
        .build();
  }
}
