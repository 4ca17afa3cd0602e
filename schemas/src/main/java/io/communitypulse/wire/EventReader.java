package io.communitypulse.wire;

import java.util.Objects;

/**
 * Reads JSON lines into events that are fit for the pipeline: {@link JsonEventFormat#parse} then
 * {@link EventValidator#validate}, so a caller (the replay command, a test fixture) makes one call
 * per line and gets either a valid event or the one {@link Rejection} to dead-letter. Immutable and
 * thread-safe.
 */
public final class EventReader {

  private final JsonEventFormat format;
  private final EventValidator validator;

  /** A reader with the default format limits and the system clock. */
  public EventReader() {
    this(new JsonEventFormat(), new EventValidator());
  }

  /** A reader with the given format and validator. */
  public EventReader(JsonEventFormat format, EventValidator validator) {
    this.format = Objects.requireNonNull(format, "format");
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** Parses and validates one line; never throws. */
  public ParsedLine read(String line) {
    ParsedLine parsed = format.parse(line);
    if (!parsed.ok()) {
      return parsed;
    }
    return validator.validate(parsed.event()).map(parsed::reject).orElse(parsed);
  }
}
