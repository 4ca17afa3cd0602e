package io.communitypulse.identity;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;

/**
 * Maps accepted input events to {@link ActivityEvent}s. Only the fields the later stages need are
 * copied: a click's raw {@code ip} and {@code user_agent} (docs/operations.md, "Privacy") and both
 * events' free-form {@code properties} never leave this class. The switches are exhaustive, so a
 * new Avro enum symbol fails the build here instead of mapping silently to the wrong type.
 */
public final class ActivityEvents {

  /** Prefix of a visitor's actor: {@code anon:<anonymous_id>}. */
  public static final String VISITOR_PREFIX = "anon:";

  private ActivityEvents() {}

  /** The actor of a device nobody is known to use: {@code anon:<anonymous_id>}. */
  public static String visitorActor(String anonymousId) {
    return VISITOR_PREFIX + anonymousId;
  }

  /** A post, reply, reaction, ...: always its member's own event. */
  public static ActivityEvent fromPost(PostEvent post) {
    ActivityEvent e = new ActivityEvent();
    e.communityId = post.getCommunityId();
    e.actor = post.getMemberId();
    e.memberId = post.getMemberId();
    e.eventId = post.getEventId();
    e.occurredAt = post.getOccurredAt().toEpochMilli();
    e.type = typeOf(post.getType());
    e.contentId = post.getContentId();
    e.parentContentId = post.getParentContentId();
    e.targetMemberId = post.getTargetMemberId();
    e.network = post.getNetwork();
    return e;
  }

  /**
   * A click attributed to {@code actor}; {@code memberIdOrNull} is the member it was stitched to,
   * or null when the actor is a visitor.
   */
  public static ActivityEvent fromClick(ClickEvent click, String actor, String memberIdOrNull) {
    ActivityEvent e = new ActivityEvent();
    e.communityId = click.getCommunityId();
    e.actor = actor;
    e.memberId = memberIdOrNull;
    e.anonymousId = click.getAnonymousId();
    e.eventId = click.getEventId();
    e.occurredAt = click.getOccurredAt().toEpochMilli();
    e.type = typeOf(click.getType());
    e.url = click.getUrl();
    e.referrer = click.getReferrer();
    e.referredBy = click.getReferredBy();
    e.conversionValue = click.getConversionValue();
    e.contentId = click.getContentId();
    return e;
  }

  static ActivityType typeOf(ClickType type) {
    return switch (type) {
      case PAGE_VIEW -> ActivityType.PAGE_VIEW;
      case CLICK -> ActivityType.CLICK;
      case SEARCH -> ActivityType.SEARCH;
      case SIGN_IN -> ActivityType.SIGN_IN;
      case SIGN_UP -> ActivityType.SIGN_UP;
      case CONVERSION -> ActivityType.CONVERSION;
    };
  }

  static ActivityType typeOf(PostType type) {
    return switch (type) {
      case POST -> ActivityType.POST;
      case REPLY -> ActivityType.REPLY;
      case REACTION -> ActivityType.REACTION;
      case ACCEPTED_ANSWER -> ActivityType.ACCEPTED_ANSWER;
      case MENTION -> ActivityType.MENTION;
      case SHARE -> ActivityType.SHARE;
    };
  }
}
