package io.communitypulse.indicators;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.indicators.MemberSignal.Field;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A member's own events (their posts and the clicks stitched to them) as member signals: an active
 * day, and the counters they feed. A retraction (the identity stage moved a click to another actor)
 * withdraws exactly what the event had added. A visitor's events ({@code anon:} actors) only mark
 * their visitor days.
 */
public final class ActivitySignals implements FlatMapFunction<ActivityEvent, MemberSignal> {

  @Override
  public void flatMap(ActivityEvent event, Collector<MemberSignal> out) {
    double delta = event.retraction ? -1 : 1;
    if (event.memberId == null || event.actor.startsWith(ActivityEvents.VISITOR_PREFIX)) {
      // A visitor has no document, only visitor days in the community's (visitors_1d).
      out.collect(
          MemberSignal.of(
              event.communityId, event.actor, UtcDays.of(event.occurredAt), Field.ACTIVE, delta));
      return;
    }
    out.collect(MemberSignal.ownEvent(event.communityId, event.memberId, event.occurredAt, delta));
    Field field = counterOf(event);
    if (field != null) {
      out.collect(
          MemberSignal.of(
              event.communityId,
              event.memberId,
              MemberSignal.epochDay(event.occurredAt),
              field,
              delta));
    }
  }

  /** The d7/d28 counter an own event feeds, besides its active day; null for none. */
  static Field counterOf(ActivityEvent event) {
    return switch (event.type) {
      case PAGE_VIEW -> Field.PAGE_VIEWS;
      case POST -> Field.POSTS;
      case REPLY -> Field.REPLIES;
      case REACTION -> Field.REACTIONS_GIVEN;
      case SHARE -> Field.SHARES;
      default -> null;
    };
  }
}
