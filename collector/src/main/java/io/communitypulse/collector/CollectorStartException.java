package io.communitypulse.collector;

/** The collector cannot start (its port is taken, say); the message is shown as one line. */
public final class CollectorStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CollectorStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
