package io.communitypulse.wire;

import io.communitypulse.events.RejectReason;
import java.util.Objects;

/**
 * Why an input record or line cannot be used: a machine-readable {@link RejectReason} (the code
 * that lands in {@code DeadLetter.reason} and in the drop metrics) and a message for the human who
 * has to fix the producer. Messages name the field at fault, quote the bad value (truncated) and
 * say what was expected, so that a site's platform team can act on a dead letter without reading
 * our code.
 *
 * @param reason the reject code, never null
 * @param message a specific, human-readable explanation, never null
 */
public record Rejection(RejectReason reason, String message) {

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** Shorthand for {@code new Rejection(reason, String.format(format, args))}. */
  public static Rejection of(RejectReason reason, String format, Object... args) {
    return new Rejection(reason, String.format(java.util.Locale.ROOT, format, args));
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }
}
