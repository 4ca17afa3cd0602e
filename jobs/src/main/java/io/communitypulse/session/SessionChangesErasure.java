package io.communitypulse.session;

import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * What {@link SessionChanges} forgets of a member (docs/privacy.md): the sessions it keeps of them,
 * and their id in the kept sessions of others, cleaned as the session stage cleans them, so that a
 * later change of such a session compares like with like and moves no count.
 */
public final class SessionChangesErasure implements ForgetsMembers<String, Session, SessionChange> {

  private static final long serialVersionUID = 1L;

  private final SessionErasure sessions;

  public SessionChangesErasure(MemberReferences references) {
    this.sessions = new SessionErasure(references);
  }

  @Override
  public Session screen(Session session, ErasedMembers erased, long now) {
    if (erased.contains(session.communityId, session.actor, now)) {
      return null;
    }
    if (session.referredBy != null
        && erased.contains(session.communityId, session.referredBy, now)) {
      Session cleaned = session.copy();
      cleaned.referredBy = null; // emitted before the session stage forgot the member
      return cleaned;
    }
    return session;
  }

  @Override
  public void forget(Erasure erasure, StageState<String, SessionChange> stage) throws Exception {
    String memberKey = erasure.memberKey();
    stage.forEachKey(
        SessionChanges.lastDescriptor(),
        (actor, last) -> {
          if (actor.equals(memberKey)) {
            last.clear();
          } else if (erasure.inCommunity(actor)) {
            clean(erasure, last);
          }
        });
  }

  private void clean(Erasure erasure, MapState<String, Session> last) throws Exception {
    List<Map.Entry<String, Session>> changed = new ArrayList<>();
    for (Map.Entry<String, Session> e : last.entries()) {
      if (sessions.clean(erasure, e.getValue())) {
        changed.add(e);
      }
    }
    for (Map.Entry<String, Session> e : changed) {
      last.put(e.getKey(), e.getValue());
    }
  }
}
