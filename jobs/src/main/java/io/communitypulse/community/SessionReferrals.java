package io.communitypulse.community;

import io.communitypulse.session.SessionChange;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A session changelog step as the community's referral figures: withdraw the old version's referral
 * visit and conversions, add the new version's (see {@link CommunityDelta#referral}).
 */
public final class SessionReferrals implements FlatMapFunction<SessionChange, CommunityDelta> {

  @Override
  public void flatMap(SessionChange change, Collector<CommunityDelta> out) {
    if (change.before != null) {
      CommunityDelta.referral(change.before, -1).forEach(out::collect);
    }
    if (change.after != null) {
      CommunityDelta.referral(change.after, 1).forEach(out::collect);
    }
  }
}
