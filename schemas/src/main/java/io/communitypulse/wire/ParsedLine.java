package io.communitypulse.wire;

import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The outcome of reading one JSON line: either the event ({@code ClickEvent} or {@code PostEvent})
 * or the {@link Rejection} that explains why the line cannot be used. For a rejected line the
 * {@code community_id} and {@code event_id} are kept whenever the line was a JSON object carrying
 * them as strings, so that the dead letter can still be attributed to its site.
 */
public final class ParsedLine {

  /** Longest id kept from a rejected line; longer ones are cut (they are invalid anyway). */
  static final int MAX_ID_CHARS = 256;

  private final SpecificRecord event;
  private final Rejection rejection;
  private final String communityId;
  private final String eventId;

  private ParsedLine(
      SpecificRecord event, Rejection rejection, String communityId, String eventId) {
    this.event = event;
    this.rejection = rejection;
    this.communityId = cut(communityId);
    this.eventId = cut(eventId);
  }

  /** A line that parsed into {@code event}. */
  public static ParsedLine of(SpecificRecord event) {
    Objects.requireNonNull(event, "event");
    return new ParsedLine(
        event,
        null,
        RecordIds.string(event, EventValidator.COMMUNITY_ID),
        RecordIds.string(event, EventValidator.EVENT_ID));
  }

  /** A rejected line, with the ids it carried when they could be read (each may be null). */
  public static ParsedLine rejected(Rejection rejection, String communityId, String eventId) {
    return new ParsedLine(
        null, Objects.requireNonNull(rejection, "rejection"), communityId, eventId);
  }

  /**
   * This line rejected for {@code rejection} (e.g. by {@link EventValidator} after parsing),
   * keeping its ids.
   */
  public ParsedLine reject(Rejection rejection) {
    return new ParsedLine(
        null, Objects.requireNonNull(rejection, "rejection"), communityId, eventId);
  }

  /** True when {@link #event()} is available. */
  public boolean ok() {
    return rejection == null;
  }

  /**
   * The parsed event: a {@code ClickEvent} or a {@code PostEvent}.
   *
   * @throws IllegalStateException when the line was rejected
   */
  public SpecificRecord event() {
    if (rejection != null) {
      throw new IllegalStateException("line was rejected: " + rejection);
    }
    return event;
  }

  /**
   * Why the line was rejected.
   *
   * @throws IllegalStateException when the line was parsed
   */
  public Rejection rejection() {
    if (rejection == null) {
      throw new IllegalStateException("line was parsed, not rejected");
    }
    return rejection;
  }

  /** The line's {@code community_id}, when it could be read (cut to 256 characters). */
  public Optional<String> communityId() {
    return Optional.ofNullable(communityId);
  }

  /** The line's {@code event_id}, when it could be read (cut to 256 characters). */
  public Optional<String> eventId() {
    return Optional.ofNullable(eventId);
  }

  private static String cut(String id) {
    return id == null || id.length() <= MAX_ID_CHARS ? id : id.substring(0, MAX_ID_CHARS);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParsedLine other
        && Objects.equals(event, other.event)
        && Objects.equals(rejection, other.rejection)
        && Objects.equals(communityId, other.communityId)
        && Objects.equals(eventId, other.eventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, rejection, communityId, eventId);
  }

  @Override
  public String toString() {
    return ok() ? "ParsedLine[" + event + "]" : "ParsedLine[" + rejection + "]";
  }
}
