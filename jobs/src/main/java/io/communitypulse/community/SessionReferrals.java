package io.communitypulse.community;

import io.communitypulse.session.SessionChange;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A session changelog step as the community's referral signals: withdraw the old version's referral
 * figures, add the new version's.
 */
public final class SessionReferrals implements FlatMapFunction<SessionChange, CommunitySignal> {

  @Override
  public void flatMap(SessionChange change, Collector<CommunitySignal> out) {
    if (change.before != null) {
      CommunitySignal.fromSession(change.before, -1).forEach(out::collect);
    }
    if (change.after != null) {
      CommunitySignal.fromSession(change.after, 1).forEach(out::collect);
    }
  }
}
