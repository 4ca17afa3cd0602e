package io.communitypulse.collector;

/** A collector setting is missing or wrong; the message names it and is shown as one line. */
public final class InvalidSettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
