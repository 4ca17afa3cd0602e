package io.communitypulse.identity;

import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.MemberReferences;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One accepted event after identity stitching: a click or a post attributed to an actor (a member
 * id, or {@code anon:<anonymous_id>} for a visitor). It is what the session and indicator stages
 * consume.
 *
 * <p>Public fields and a no-arg constructor; Flink serializes it with the hand-written {@link
 * ActivityEventSerializer} (no reflection, no Kryo), named by the {@code @TypeInfo} below. The
 * identity stage may change its mind about who a click belongs to (a later sign-in claims the
 * pre-sign-in pages): it then sends a {@code retraction} of the event to the old actor and the
 * event again to the new one. Raw {@code ip} and {@code user_agent} never reach this type
 * (docs/operations.md, "Privacy").
 */
@TypeInfo(ActivityEventSerializer.Factory.class)
public class ActivityEvent {
  public String communityId;

  /** The member id, or {@code anon:<anonymous_id>} for a visitor. */
  public String actor;

  /** Null for visitors. */
  public String memberId;

  /** The device of a click; null for posts. */
  public String anonymousId;

  public String eventId;

  /** Event time, epoch milliseconds UTC. */
  public long occurredAt;

  public ActivityType type;

  // Click fields (null for posts).
  public String url;
  public String referrer;
  public String referredBy;
  public Double conversionValue;

  // Both: the content viewed (click) or created / acted on (post).
  public String contentId;

  // Post fields (null for clicks).
  public String parentContentId;
  public String targetMemberId;
  public String network;

  /** True: withdraw the event with this {@code eventId} from this actor; it belongs elsewhere. */
  public boolean retraction;

  public ActivityEvent() {}

  /** The session/indicator key: community and actor. */
  public String actorKey() {
    return communityId + "/" + actor;
  }

  /**
   * Removes the id of the member {@code erasure} forgets from this event of someone else (its
   * referral and URLs, docs/privacy.md); returns whether it named them.
   */
  public boolean forget(Erasure erasure, MemberReferences references) {
    String cleanReferredBy = MemberReferences.member(referredBy, erasure);
    String cleanUrl = references.url(url, erasure);
    String cleanReferrer = references.url(referrer, erasure);
    boolean changed =
        !Objects.equals(cleanReferredBy, referredBy)
            || !Objects.equals(cleanUrl, url)
            || !Objects.equals(cleanReferrer, referrer);
    referredBy = cleanReferredBy;
    url = cleanUrl;
    referrer = cleanReferrer;
    return changed;
  }

  /** A copy that withdraws this event from its current actor. */
  public ActivityEvent asRetraction() {
    ActivityEvent copy = copy();
    copy.retraction = true;
    return copy;
  }

  /** A field-by-field copy. */
  public ActivityEvent copy() {
    ActivityEvent c = new ActivityEvent();
    c.communityId = communityId;
    c.actor = actor;
    c.memberId = memberId;
    c.anonymousId = anonymousId;
    c.eventId = eventId;
    c.occurredAt = occurredAt;
    c.type = type;
    c.url = url;
    c.referrer = referrer;
    c.referredBy = referredBy;
    c.conversionValue = conversionValue;
    c.contentId = contentId;
    c.parentContentId = parentContentId;
    c.targetMemberId = targetMemberId;
    c.network = network;
    c.retraction = retraction;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ActivityEvent e)) {
      return false;
    }
    return occurredAt == e.occurredAt
        && retraction == e.retraction
        && Objects.equals(communityId, e.communityId)
        && Objects.equals(actor, e.actor)
        && Objects.equals(memberId, e.memberId)
        && Objects.equals(anonymousId, e.anonymousId)
        && Objects.equals(eventId, e.eventId)
        && type == e.type
        && Objects.equals(url, e.url)
        && Objects.equals(referrer, e.referrer)
        && Objects.equals(referredBy, e.referredBy)
        && Objects.equals(conversionValue, e.conversionValue)
        && Objects.equals(contentId, e.contentId)
        && Objects.equals(parentContentId, e.parentContentId)
        && Objects.equals(targetMemberId, e.targetMemberId)
        && Objects.equals(network, e.network);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, actor, eventId, occurredAt, type, retraction);
  }

  @Override
  public String toString() {
    return (retraction ? "RETRACT " : "")
        + type
        + " "
        + eventId
        + " @"
        + occurredAt
        + " "
        + communityId
        + "/"
        + actor;
  }
}
