package io.communitypulse.content;

import java.util.Objects;

/**
 * The earliest REPLY by another member to a POST known so far ({@code response_rate_24h}, {@code
 * median_first_response_minutes}: docs/indicators.md, "Community indicators"). Emitted again
 * whenever an earlier reply turns up, so the consumer keeps, per {@code postEventId}, the one with
 * the smallest {@link #firstReplyAt}.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it crosses operators without Kryo.
 */
public class FirstResponse {
  public String communityId;

  public String postContentId;

  public String postEventId;

  /** The POST's event time, epoch milliseconds UTC: its day is the day the response counts on. */
  public long postedAt;

  /** The earliest reply by another member, epoch milliseconds UTC. */
  public long firstReplyAt;

  public FirstResponse() {}

  public FirstResponse(
      String communityId,
      String postContentId,
      String postEventId,
      long postedAt,
      long firstReplyAt) {
    this.communityId = communityId;
    this.postContentId = postContentId;
    this.postEventId = postEventId;
    this.postedAt = postedAt;
    this.firstReplyAt = firstReplyAt;
  }

  /** First-response time in milliseconds (negative if the reply is dated before the post). */
  public long responseMillis() {
    return firstReplyAt - postedAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FirstResponse f)) {
      return false;
    }
    return postedAt == f.postedAt
        && firstReplyAt == f.firstReplyAt
        && Objects.equals(communityId, f.communityId)
        && Objects.equals(postContentId, f.postContentId)
        && Objects.equals(postEventId, f.postEventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, postContentId, postEventId, postedAt, firstReplyAt);
  }

  @Override
  public String toString() {
    return "first response to "
        + communityId
        + "/"
        + postContentId
        + " ("
        + postEventId
        + " @"
        + postedAt
        + ") @"
        + firstReplyAt;
  }
}
