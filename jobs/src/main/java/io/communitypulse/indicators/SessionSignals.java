package io.communitypulse.indicators;

import io.communitypulse.session.SessionChange;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A session changelog step as member signals: withdraw what the session contributed before, add
 * what it contributes now (see {@link SessionContribution}).
 */
public final class SessionSignals implements FlatMapFunction<SessionChange, MemberSignal> {

  @Override
  public void flatMap(SessionChange change, Collector<MemberSignal> out) {
    if (change.before != null) {
      SessionContribution.of(change.before).emit(-1, out::collect);
    }
    if (change.after != null) {
      SessionContribution.of(change.after).emit(1, out::collect);
    }
  }
}
