package io.communitypulse.content;

/**
 * How a {@link ContentRef} concerns its content: it created it ({@link #AUTHORED}), or it refers to
 * it and credits someone: the content's author unless the event names its target. A {@link
 * #MENTION} always names its target, so it never waits for an author.
 */
public enum ContentRole {
  /** A POST or REPLY created the content: its member is the content's author. */
  AUTHORED,
  /** A REPLY to the content (its {@code parent_content_id}). */
  REPLY_TO,
  /** A REACTION to the content. */
  REACTION,
  /** The content was accepted as an answer. */
  ACCEPTED_ANSWER,
  /** The content mentions a member; only routed when the target is known. */
  MENTION;

  /** The credit a reference in this role gives; {@link #AUTHORED} gives none. */
  public CreditType creditType() {
    return switch (this) {
      case AUTHORED -> throw new IllegalStateException("an AUTHORED ref credits nobody");
      case REPLY_TO -> CreditType.REPLY;
      case REACTION -> CreditType.REACTION;
      case ACCEPTED_ANSWER -> CreditType.ACCEPTED_ANSWER;
      case MENTION -> CreditType.MENTION;
    };
  }
}
