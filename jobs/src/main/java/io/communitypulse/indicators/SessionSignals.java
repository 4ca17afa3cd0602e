package io.communitypulse.indicators;

import io.communitypulse.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the session changelog (live, closed, merged, deleted) into member signals, keyed by the
 * session's actor. Each session id's last contribution is kept, so an update emits the difference
 * (withdraw the old, add the new) and a delete withdraws it. A contribution is forgotten once the
 * watermark passes the session's end plus {@code retention}, after which the session stage no
 * longer changes it.
 */
public final class SessionSignals extends KeyedProcessFunction<String, Session, MemberSignal> {

  private final long retention;
  private transient MapState<String, SessionContribution> contributions;

  /** {@code retention}: how long after its end a session can still change (gap + lateness). */
  public SessionSignals(Duration retention) {
    this.retention = retention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    contributions =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "session-contributions",
                    Types.STRING,
                    TypeInformation.of(SessionContribution.class)));
  }

  @Override
  public void processElement(Session session, Context ctx, Collector<MemberSignal> out)
      throws Exception {
    SessionContribution previous = contributions.get(session.sessionId);
    if (previous != null) {
      previous.emit(-1, out::collect);
    }
    if (session.deleted) {
      contributions.remove(session.sessionId);
      return;
    }
    SessionContribution current = SessionContribution.of(session);
    current.emit(1, out::collect);
    contributions.put(session.sessionId, current);
    ctx.timerService().registerEventTimeTimer(current.end + retention);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MemberSignal> out)
      throws Exception {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, SessionContribution> e : contributions.entries()) {
      if (e.getValue().end + retention <= timestamp) {
        done.add(e.getKey());
      }
    }
    for (String id : done) {
      contributions.remove(id);
    }
  }
}
