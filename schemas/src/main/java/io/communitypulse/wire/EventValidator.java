package io.communitypulse.wire;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The content rules (docs/producing-events.md, "Refused events") that a well-formed event must
 * still pass: every required field is present, not null and not empty (blank strings count as
 * empty); {@code community_id} matches {@link #COMMUNITY_ID_PATTERN}; {@code occurred_at} lies
 * between {@link #EARLIEST_OCCURRED_AT} and {@link #MAX_FUTURE_SKEW} after "now" (processing time,
 * from the injected {@link Clock}).
 *
 * <p>The rules are read from the schema, not hand-listed: a field is required when it is neither
 * nullable nor defaulted (for ClickEvent and PostEvent that is exactly the list in
 * docs/producing-events.md, "Refused events", which a test pins), so a new schema version needs no
 * code change here. The first failing rule, in field order, is reported. Instances are immutable
 * and thread-safe.
 */
public final class EventValidator {

  /** The field that names the community in every event. */
  public static final String COMMUNITY_ID = "community_id";

  /** The field that identifies an event. */
  public static final String EVENT_ID = "event_id";

  /** The event-time field. */
  public static final String OCCURRED_AT = "occurred_at";

  /** What a {@code community_id} must match, as a regular expression. */
  public static final String COMMUNITY_ID_REGEX = "[a-z0-9][a-z0-9_-]{0,62}";

  /** {@link #COMMUNITY_ID_REGEX} compiled; use {@code matcher(id).matches()}. */
  public static final Pattern COMMUNITY_ID_PATTERN = Pattern.compile(COMMUNITY_ID_REGEX);

  /** How far after processing time an {@code occurred_at} may lie (inclusive). */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofHours(24);

  /** The earliest accepted {@code occurred_at} (inclusive). */
  public static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2000-01-01T00:00:00Z");

  private final Clock clock;

  /** A validator whose "now" is the system clock, in UTC. */
  public EventValidator() {
    this(Clock.systemUTC());
  }

  /** A validator whose "now" is {@code clock} (tests inject a fixed clock). */
  public EventValidator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Validates a click; empty when it passes. */
  public Optional<Rejection> validate(ClickEvent event) {
    return validate((SpecificRecord) event);
  }

  /** Validates a post; empty when it passes. */
  public Optional<Rejection> validate(PostEvent event) {
    return validate((SpecificRecord) event);
  }

  /**
   * Validates any generated record by its schema: required fields, then {@code community_id} and
   * {@code occurred_at} when the record has them. Empty when it passes; never throws for a non-null
   * record, whatever its field values.
   */
  public Optional<Rejection> validate(SpecificRecord record) {
    Objects.requireNonNull(record, "record");
    Schema schema = record.getSchema();
    for (Schema.Field field : schema.getFields()) {
      if (isRequired(field)) {
        Optional<Rejection> missing = checkPresent(schema, field, record.get(field.pos()));
        if (missing.isPresent()) {
          return missing;
        }
      }
    }
    Schema.Field community = schema.getField(COMMUNITY_ID);
    if (community != null) {
      Optional<Rejection> bad = checkCommunityId(record.get(community.pos()));
      if (bad.isPresent()) {
        return bad;
      }
    }
    Schema.Field occurredAt = schema.getField(OCCURRED_AT);
    if (occurredAt != null) {
      return checkOccurredAt(record.get(occurredAt.pos()));
    }
    return Optional.empty();
  }

  /** The fields of {@code schema} that are required: neither nullable nor defaulted. */
  public static List<String> requiredFields(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      if (isRequired(field)) {
        names.add(field.name());
      }
    }
    return names;
  }

  /** Whether {@code community_id} matches {@link #COMMUNITY_ID_PATTERN}. */
  public static boolean isValidCommunityId(String communityId) {
    return communityId != null && COMMUNITY_ID_PATTERN.matcher(communityId).matches();
  }

  static boolean isRequired(Schema.Field field) {
    return !field.schema().isNullable() && !field.hasDefaultValue();
  }

  private static Optional<Rejection> checkPresent(Schema schema, Schema.Field field, Object value) {
    String what = null;
    if (value == null) {
      what = "is missing (null)";
    } else if (value instanceof CharSequence text && text.toString().isBlank()) {
      what = text.isEmpty() ? "is empty" : "is blank";
    } else if (value instanceof Collection<?> c && c.isEmpty()) {
      what = "is empty";
    } else if (value instanceof Map<?, ?> m && m.isEmpty()) {
      what = "is empty";
    }
    if (what == null) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.of(
            RejectReason.MISSING_FIELD,
            "required field %s %s in %s: it must be present, not null and not empty",
            field.name(),
            what,
            schema.getName()));
  }

  private static Optional<Rejection> checkCommunityId(Object value) {
    String id = value == null ? null : value.toString();
    if (isValidCommunityId(id)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.of(
            RejectReason.INVALID_COMMUNITY_ID,
            "%s %s does not match %s: 1 to 63 characters, lowercase letters, digits, '_' and '-',"
                + " starting with a letter or digit",
            COMMUNITY_ID,
            Excerpts.quote(id),
            COMMUNITY_ID_REGEX));
  }

  private Optional<Rejection> checkOccurredAt(Object value) {
    Instant at;
    if (value instanceof Instant instant) {
      at = instant;
    } else if (value instanceof Long millis) {
      at = Instant.ofEpochMilli(millis);
    } else {
      return Optional.empty(); // not a timestamp field in this record: nothing to check
    }
    if (at.isBefore(EARLIEST_OCCURRED_AT)) {
      return Optional.of(
          Rejection.of(
              RejectReason.ANCIENT_TIMESTAMP,
              "%s %s is before %s, the earliest accepted time",
              OCCURRED_AT,
              at,
              EARLIEST_OCCURRED_AT));
    }
    Instant now = clock.instant();
    Instant latest = now.plus(MAX_FUTURE_SKEW);
    if (at.isAfter(latest)) {
      return Optional.of(
          Rejection.of(
              RejectReason.FUTURE_TIMESTAMP,
              "%s %s is %s after processing time %s; at most %s ahead is accepted",
              OCCURRED_AT,
              at,
              human(Duration.between(now, at)),
              now.truncatedTo(ChronoUnit.MILLIS),
              human(MAX_FUTURE_SKEW)));
    }
    return Optional.empty();
  }

  /** E.g. {@code 24h0.001s}, or whole days for long spans. */
  private static String human(Duration d) {
    if (d.toDays() >= 2) {
      return d.toDays() + " days";
    }
    return d.truncatedTo(ChronoUnit.MILLIS).toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
