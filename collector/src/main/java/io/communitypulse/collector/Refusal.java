package io.communitypulse.collector;

/**
 * Why the collector refused a whole request, with the HTTP status it answers and the {@code cause}
 * label of {@code pulse_collector_refusals_total} (docs/producing-events.md, "The HTTP collector",
 * lists the same). Nothing of a refused request reaches the event topics.
 */
enum Refusal {
  MISSING_KEY(401, "missing_key", "no write key: send it in X-Pulse-Key or ?key="),
  UNKNOWN_KEY(401, "unknown_key", "unknown write key"),
  FOREIGN_COMMUNITY(401, "community_mismatch", "the write key does not belong to the community"),
  ORIGIN_NOT_ALLOWED(403, "origin_not_allowed", "this origin may not send the key's events"),
  BAD_JSON(400, "bad_json", "the body is not a JSON array of events"),
  BAD_SENT_AT(400, "bad_sent_at", "sent_at is not epoch milliseconds"),
  BODY_TOO_LARGE(413, "body_too_large", "the body is larger than the collector accepts"),
  BATCH_TOO_LARGE(413, "batch_too_large", "more events than the collector accepts at once"),
  KAFKA_UNAVAILABLE(503, "kafka_unavailable", "Kafka is not reachable; retry later"),
  BUFFER_FULL(503, "buffer_full", "too many events waiting for Kafka; retry later"),
  KAFKA_FAILED(503, "kafka_failed", "Kafka did not acknowledge the events in time; retry later");

  private final int status;
  private final String cause;
  private final String message;

  Refusal(int status, String cause, String message) {
    this.status = status;
    this.cause = cause;
    this.message = message;
  }

  int status() {
    return status;
  }

  String cause() {
    return cause;
  }

  String message() {
    return message;
  }

  /** Whether the client should send the same request again later (a 503). */
  boolean retriable() {
    return status == 503;
  }
}
