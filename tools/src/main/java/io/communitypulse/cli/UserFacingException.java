package io.communitypulse.cli;

/** A problem the user can fix (a file missing, a server unreachable): shown as one line. */
public class UserFacingException extends RuntimeException {
  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
