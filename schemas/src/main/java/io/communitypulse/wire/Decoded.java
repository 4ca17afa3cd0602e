package io.communitypulse.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one Kafka record value: either the event or the {@link Rejection} that
 * explains why it cannot be used. Decoding never throws on bad input, so a deserializer can route
 * every rejected record to the dead-letter topic instead of failing the job. When a record decoded
 * but failed validation, the {@code community_id} and {@code event_id} it carried are kept for the
 * dead letter.
 *
 * @param <T> the record type
 */
public final class Decoded<T> {

  private final T value;
  private final Rejection rejection;
  private final String communityId;
  private final String eventId;

  private Decoded(T value, Rejection rejection, String communityId, String eventId) {
    this.value = value;
    this.rejection = rejection;
    this.communityId = communityId;
    this.eventId = eventId;
  }

  /** A successfully decoded value. */
  public static <T> Decoded<T> of(T value) {
    return new Decoded<>(Objects.requireNonNull(value, "value"), null, null, null);
  }

  /** A rejected record of which nothing could be read. */
  public static <T> Decoded<T> rejected(Rejection rejection) {
    return rejected(rejection, null, null);
  }

  /** A rejected record, with the ids it carried when they could be read (each may be null). */
  public static <T> Decoded<T> rejected(Rejection rejection, String communityId, String eventId) {
    return new Decoded<>(
        null, Objects.requireNonNull(rejection, "rejection"), communityId, eventId);
  }

  /** True when {@link #value()} is available. */
  public boolean ok() {
    return rejection == null;
  }

  /**
   * The decoded value.
   *
   * @throws IllegalStateException when the record was rejected
   */
  public T value() {
    if (rejection != null) {
      throw new IllegalStateException("record was rejected: " + rejection);
    }
    return value;
  }

  /**
   * Why the record was rejected.
   *
   * @throws IllegalStateException when the record was decoded
   */
  public Rejection rejection() {
    if (rejection == null) {
      throw new IllegalStateException("record was decoded, not rejected");
    }
    return rejection;
  }

  /** The {@code community_id} of a rejected record when it could be read. */
  public Optional<String> communityId() {
    return Optional.ofNullable(communityId);
  }

  /** The {@code event_id} of a rejected record when it could be read. */
  public Optional<String> eventId() {
    return Optional.ofNullable(eventId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decoded<?> other
        && Objects.equals(value, other.value)
        && Objects.equals(rejection, other.rejection)
        && Objects.equals(communityId, other.communityId)
        && Objects.equals(eventId, other.eventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, rejection, communityId, eventId);
  }

  @Override
  public String toString() {
    return ok() ? "Decoded[" + value + "]" : "Rejected[" + rejection + "]";
  }
}
