package io.communitypulse.content;

import java.util.Objects;

/**
 * One member crediting another through a REPLY, REACTION, ACCEPTED_ANSWER or MENTION, with the
 * receiver resolved. A credit a member gives to themself is still emitted, marked {@link #self}:
 * consumers count it as given but not as received (docs/indicators.md, "Words used here").
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it crosses operators without Kryo.
 */
public class Credit {
  public String communityId;

  /** The member credited. */
  public String receiver;

  /** The member of the event. */
  public String giver;

  public CreditType type;

  public String eventId;

  /** Event time of the giving event, epoch milliseconds UTC. */
  public long occurredAt;

  /** The content acted on (reacted to, accepted, mentioning) or replied to. */
  public String contentId;

  /** The giver credited themself. */
  public boolean self;

  public Credit() {}

  /** The credit {@code ref} gives to {@code receiver}. */
  public static Credit of(ContentRef ref, String receiver) {
    Credit c = new Credit();
    c.communityId = ref.communityId;
    c.receiver = receiver;
    c.giver = ref.memberId;
    c.type = ref.role.creditType();
    c.eventId = ref.eventId;
    c.occurredAt = ref.occurredAt;
    c.contentId = ref.contentId;
    c.self = receiver.equals(ref.memberId);
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Credit c)) {
      return false;
    }
    return occurredAt == c.occurredAt
        && self == c.self
        && Objects.equals(communityId, c.communityId)
        && Objects.equals(receiver, c.receiver)
        && Objects.equals(giver, c.giver)
        && type == c.type
        && Objects.equals(eventId, c.eventId)
        && Objects.equals(contentId, c.contentId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, receiver, giver, type, eventId, occurredAt);
  }

  @Override
  public String toString() {
    return type
        + " "
        + communityId
        + " "
        + giver
        + " -> "
        + receiver
        + (self ? " (self)" : "")
        + " on "
        + contentId
        + " "
        + eventId
        + " @"
        + occurredAt;
  }
}
