package io.communitypulse.privacy;

import java.util.Objects;

/**
 * One erasure request as the job uses it: forget {@code memberId} (as the job stores it, the
 * pseudonym when pseudonymisation is on) in {@code communityId}. A Flink POJO, broadcast to every
 * stage that keeps something about members (docs/privacy.md).
 */
public class Erasure {
  public String requestId;
  public String communityId;
  public String memberId;

  /** When the request was made (wall clock, epoch millis): suppression runs from here. */
  public long requestedAt;

  public Erasure() {}

  public static Erasure of(String requestId, String communityId, String memberId, long at) {
    Erasure e = new Erasure();
    e.requestId = requestId;
    e.communityId = communityId;
    e.memberId = memberId;
    e.requestedAt = at;
    return e;
  }

  /** The key member-keyed stages use for this member: {@code community_id/member_id}. */
  public String memberKey() {
    return communityId + "/" + memberId;
  }

  /** Whether a {@code community_id/...} key belongs to this request's community. */
  public boolean inCommunity(String key) {
    return key.length() > communityId.length()
        && key.charAt(communityId.length()) == '/'
        && key.startsWith(communityId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Erasure e
        && requestedAt == e.requestedAt
        && Objects.equals(requestId, e.requestId)
        && Objects.equals(communityId, e.communityId)
        && Objects.equals(memberId, e.memberId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, communityId, memberId, requestedAt);
  }

  /** Names the request, not the member: logs must not keep who asked to be forgotten. */
  @Override
  public String toString() {
    return "Erasure{" + requestId + " in " + communityId + "}";
  }
}
