package io.communitypulse.privacy;

import io.communitypulse.ingest.UrlMemberIds;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a member id can hide in what others did: a referral ({@code referred_by}), a target, or a
 * URL (a profile page, a share link; the {@link UrlMemberIds} patterns). Erasure cleans these, so
 * that no document keeps naming a forgotten member: an id becomes null, an id inside a URL becomes
 * {@link #FORGOTTEN} (docs/privacy.md).
 */
public final class MemberReferences implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What replaces a forgotten member's id inside a URL. */
  public static final String FORGOTTEN = "forgotten";

  private final UrlMemberIds urls;

  public MemberReferences(UrlMemberIds urls) {
    this.urls = Objects.requireNonNull(urls);
  }

  /** {@code memberId}, or null when it names the member {@code erasure} forgets. */
  public static String member(String memberId, Erasure erasure) {
    return erasure.memberId.equals(memberId) ? null : memberId;
  }

  /** {@code memberId}, or null when it names a suppressed member of {@code communityId}. */
  public static String member(String memberId, String communityId, ErasedMembers erased, long now) {
    return erased.contains(communityId, memberId, now) ? null : memberId;
  }

  /** {@code url} with the id of the member {@code erasure} forgets replaced. */
  public String url(String url, Erasure erasure) {
    if (url == null || !url.contains(erasure.memberId)) {
      return url;
    }
    return urls.rewrite(url, id -> erasure.memberId.equals(id) ? FORGOTTEN : id);
  }

  /** {@code url} with the ids of suppressed members of {@code communityId} replaced. */
  public String url(String url, String communityId, ErasedMembers erased, long now) {
    return urls.rewrite(url, id -> erased.contains(communityId, id, now) ? FORGOTTEN : id);
  }
}
