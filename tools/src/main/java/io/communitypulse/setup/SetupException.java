package io.communitypulse.setup;

/** A setup step that failed for a reason the user can act on; its message is one line. */
public final class SetupException extends RuntimeException {

  public SetupException(String message) {
    super(message);
  }

  public SetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
