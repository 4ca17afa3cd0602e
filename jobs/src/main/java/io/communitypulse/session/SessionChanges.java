package io.communitypulse.session;

import io.communitypulse.state.BulkTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the emitted sessions (live, closed, merged, deleted) into before/after pairs, keyed by the
 * session's actor, keeping each session id's last version once for every counting consumer (member
 * and community indicators). A session is forgotten once the watermark passes its end plus {@code
 * retention}, after which the session stage no longer changes it.
 */
public final class SessionChanges extends KeyedProcessFunction<String, Session, SessionChange> {

  private final long retention;
  private transient MapState<String, Session> last;

  /** {@code retention}: how long after its end a session can still change (gap + lateness). */
  public SessionChanges(Duration retention) {
    this.retention = retention.toMillis();
  }

  /** The keying: the session's community and actor, as the session stage keys its input. */
  public static String actorKey(Session session) {
    return session.communityId + "/" + session.actor;
  }

  static MapStateDescriptor<String, Session> lastDescriptor() {
    return new MapStateDescriptor<>(
        "last-session-versions", BulkTypeInfo.STRING, BulkTypeInfo.of(Session.class));
  }

  @Override
  public void open(OpenContext openContext) {
    last = getRuntimeContext().getMapState(lastDescriptor());
  }

  @Override
  public void processElement(Session session, Context ctx, Collector<SessionChange> out)
      throws Exception {
    if (session.isErasure()) {
      return; // the erasure of an actor's documents changes no count (docs/privacy.md)
    }
    Session previous = last.get(session.sessionId);
    if (session.deleted) {
      last.remove(session.sessionId);
      if (previous != null) {
        out.collect(SessionChange.of(previous, null));
      }
      return;
    }
    last.put(session.sessionId, session);
    ctx.timerService().registerEventTimeTimer(session.end + retention);
    out.collect(SessionChange.of(previous, session));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionChange> out)
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
