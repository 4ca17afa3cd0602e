package io.communitypulse.config;

/** A setting is missing or wrong; the message names it and is shown to the user as one line. */
public class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
