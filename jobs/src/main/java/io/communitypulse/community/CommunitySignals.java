package io.communitypulse.community;

import io.communitypulse.content.Credit;
import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.indicators.MemberSignal;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The small mappings that turn upstream facts into {@link CommunitySignal}s, one per source. */
public final class CommunitySignals {

  private CommunitySignals() {}

  /** Member activity and contribution, from the same signals the member documents use. */
  public static final class FromMemberSignals
      implements FlatMapFunction<MemberSignal, CommunitySignal> {
    @Override
    public void flatMap(MemberSignal signal, Collector<CommunitySignal> out) {
      CommunitySignal s = CommunitySignal.fromMemberSignal(signal);
      if (s != null) {
        out.collect(s);
      }
    }
  }

  /** Visitor activity (a retraction withdraws it: the click turned out to be a member's). */
  public static final class FromVisits implements FlatMapFunction<ActivityEvent, CommunitySignal> {
    @Override
    public void flatMap(ActivityEvent event, Collector<CommunitySignal> out) {
      if (event.actor != null && event.actor.startsWith(ActivityEvents.VISITOR_PREFIX)) {
        out.collect(
            CommunitySignal.visit(
                event.communityId, event.actor, event.occurredAt, event.retraction ? -1 : 1));
      }
    }
  }

  /** (replier, target) pairs for reciprocity. */
  public static final class FromCredits implements FlatMapFunction<Credit, CommunitySignal> {
    @Override
    public void flatMap(Credit credit, Collector<CommunitySignal> out) {
      CommunitySignal s = CommunitySignal.fromCredit(credit);
      if (s != null) {
        out.collect(s);
      }
    }
  }
}
