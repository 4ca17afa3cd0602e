package io.communitypulse.community;

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
 * Turns the session changelog into the community's referral signals, keyed by the session's actor:
 * each session id's last version is kept so an update withdraws the old referral figures and adds
 * the new ones, and a delete withdraws them. A session is forgotten once the watermark passes its
 * end plus {@code retention}, after which it no longer changes.
 */
public final class SessionReferrals extends KeyedProcessFunction<String, Session, CommunitySignal> {

  private final long retention;
  private transient MapState<String, Session> last;

  public SessionReferrals(Duration retention) {
    this.retention = retention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    last =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "last-session-versions", Types.STRING, TypeInformation.of(Session.class)));
  }

  @Override
  public void processElement(Session session, Context ctx, Collector<CommunitySignal> out)
      throws Exception {
    Session previous = last.get(session.sessionId);
    if (previous != null) {
      CommunitySignal.fromSession(previous, -1).forEach(out::collect);
    }
    if (session.deleted) {
      last.remove(session.sessionId);
      return;
    }
    CommunitySignal.fromSession(session, 1).forEach(out::collect);
    last.put(session.sessionId, session);
    ctx.timerService().registerEventTimeTimer(session.end + retention);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CommunitySignal> out)
      throws Exception {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, Session> e : last.entries()) {
      if (e.getValue().end + retention <= timestamp) {
        done.add(e.getKey());
      }
    }
    for (String id : done) {
      last.remove(id);
    }
  }
}
