package io.communitypulse.collector;

import java.time.Instant;

/** Events in the JSON form of docs/producing-events.md, as a site or the tracker sends them. */
final class Events {

  private Events() {}

  static String click(String community, String eventId, Instant at) {
    return "{\"kind\":\"click\",\"event_id\":\""
        + eventId
        + "\",\"community_id\":\""
        + community
        + "\",\"occurred_at\":"
        + at.toEpochMilli()
        + ",\"anonymous_id\":\"d-"
        + eventId
        + "\",\"type\":\"PAGE_VIEW\",\"url\":\"https://acme.example/t/1\"}";
  }

  static String post(String community, String eventId, Instant at) {
    return "{\"kind\":\"post\",\"event_id\":\""
        + eventId
        + "\",\"community_id\":\""
        + community
        + "\",\"occurred_at\":\""
        + at
        + "\",\"member_id\":\"m-7\",\"type\":\"POST\",\"content_id\":\"t-"
        + eventId
        + "\"}";
  }

  static String array(String... events) {
    return "[" + String.join(",", events) + "]";
  }
}
