package io.communitypulse.identity;

/**
 * Every kind of thing an actor can do, clicks and posts in one vocabulary, so that sessions and
 * indicators count both streams with one switch.
 */
public enum ActivityType {
  PAGE_VIEW,
  CLICK,
  SEARCH,
  SIGN_IN,
  SIGN_UP,
  CONVERSION,
  POST,
  REPLY,
  REACTION,
  ACCEPTED_ANSWER,
  MENTION,
  SHARE;

  /** True for the types that arrive as {@code ClickEvent}s. */
  public boolean isClick() {
    return ordinal() <= CONVERSION.ordinal();
  }
}
