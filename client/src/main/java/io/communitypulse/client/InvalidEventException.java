package io.communitypulse.client;

import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Rejection;
import java.util.Objects;

/**
 * Thrown by {@link PulseProducer#send} for an event the pipeline would dead-letter: it carries the
 * same {@link Rejection} (reason code and message) the job would have written, so a site learns
 * about a bad event when it sends it instead of finding it later in {@code pulse.deadletter.v1}.
 * The event was not sent.
 */
public final class InvalidEventException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Rejection rejection;

  /** An exception for an event refused with {@code rejection}. */
  public InvalidEventException(Rejection rejection) {
    super(Objects.requireNonNull(rejection, "rejection").toString());
    this.rejection = rejection;
  }

  /** Why the event was refused: reason code and human-readable message. */
  public Rejection rejection() {
    return rejection;
  }

  /** Shorthand for {@code rejection().reason()}. */
  public RejectReason reason() {
    return rejection.reason();
  }
}
