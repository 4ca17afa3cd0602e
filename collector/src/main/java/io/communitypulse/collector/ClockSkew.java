package io.communitypulse.collector;

import java.time.Instant;

/**
 * Corrects a device's clock the way Snowplow's derived timestamp does (docs/producing-events.md,
 * "The HTTP collector"): the device stamps each event with its own clock when it happens ({@code
 * occurred_at}) and stamps the request when it sends it ({@code sent_at}); the collector knows the
 * true time it received the request. The device clock's error is about {@code received - sent}
 * (network time is small against a wrong clock or time zone), so
 *
 * <pre>occurred_at' = occurred_at + (received_at - sent_at)</pre>
 *
 * An event queued on the device for hours (offline, retried after a page reload) keeps its true
 * age, because both of its device stamps come from the same clock.
 */
final class ClockSkew {

  private ClockSkew() {}

  /**
   * {@code occurredAt} on the collector's clock; {@code occurredAt} itself when there is no {@code
   * sentAt} or the correction would overflow (the validator then judges the raw value).
   */
  static Instant correct(Instant occurredAt, Instant receivedAt, Instant sentAt) {
    if (occurredAt == null || sentAt == null) {
      return occurredAt;
    }
    try {
      long skew = Math.subtractExact(receivedAt.toEpochMilli(), sentAt.toEpochMilli());
      return Instant.ofEpochMilli(Math.addExact(occurredAt.toEpochMilli(), skew));
    } catch (ArithmeticException e) {
      return occurredAt;
    }
  }
}
