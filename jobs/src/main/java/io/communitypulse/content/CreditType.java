package io.communitypulse.content;

/**
 * What a member received from another: the indicator stage counts them as {@code replies_received},
 * {@code reactions_received}, {@code answers_accepted} and {@code mentions_received}
 * (docs/indicators.md, "Member indicators").
 */
public enum CreditType {
  REPLY,
  REACTION,
  ACCEPTED_ANSWER,
  MENTION
}
