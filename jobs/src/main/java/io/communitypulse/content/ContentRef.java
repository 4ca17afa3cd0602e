package io.communitypulse.content;

import java.util.Objects;

/**
 * One post event as seen from one piece of content: it created the content or it refers to it.
 * {@link ContentRouting} makes them, {@link ContentJoin} joins them by {@link #key()}, so that a
 * reference learns the content's author even when the creating event arrives later.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it crosses operators without Kryo.
 */
public class ContentRef {
  public String communityId;

  /** The content this ref concerns: created, replied to, reacted to, accepted or mentioning. */
  public String contentId;

  public ContentRole role;

  /** Who acted: the author for {@link ContentRole#AUTHORED}, the giver of the credit otherwise. */
  public String memberId;

  public String eventId;

  /** Event time, epoch milliseconds UTC. */
  public long occurredAt;

  /** The receiver named by the event itself; null when it must come from the content's author. */
  public String targetMemberId;

  /** {@link ContentRole#AUTHORED} by a POST (not a REPLY): only posts track a first response. */
  public boolean post;

  public ContentRef() {}

  /** A field-by-field copy. */
  public ContentRef copy() {
    ContentRef c = new ContentRef();
    c.communityId = communityId;
    c.contentId = contentId;
    c.role = role;
    c.memberId = memberId;
    c.eventId = eventId;
    c.occurredAt = occurredAt;
    c.targetMemberId = targetMemberId;
    c.post = post;
    return c;
  }

  /** The join key: {@code community_id/content_id}. */
  public String key() {
    return key(communityId, contentId);
  }

  /** The join key of a content id in a community. */
  public static String key(String communityId, String contentId) {
    return communityId + "/" + contentId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContentRef r)) {
      return false;
    }
    return occurredAt == r.occurredAt
        && post == r.post
        && Objects.equals(communityId, r.communityId)
        && Objects.equals(contentId, r.contentId)
        && role == r.role
        && Objects.equals(memberId, r.memberId)
        && Objects.equals(eventId, r.eventId)
        && Objects.equals(targetMemberId, r.targetMemberId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, contentId, role, eventId, occurredAt);
  }

  @Override
  public String toString() {
    return role
        + " "
        + communityId
        + "/"
        + contentId
        + " by "
        + memberId
        + (targetMemberId == null ? "" : " to " + targetMemberId)
        + " "
        + eventId
        + " @"
        + occurredAt;
  }
}
