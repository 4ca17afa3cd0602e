package io.communitypulse.session;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateFunction;

/**
 * What the session stage forgets of a member (docs/privacy.md): all of their sessions, and their id
 * in the sessions of others (a referral, a URL naming them). It then emits one {@link
 * Session#erasure} marker, which becomes the removal of their session documents and the cleaning of
 * others', ordered after every session it emitted before.
 */
public final class SessionErasure implements ForgetsMembers<String, ActivityEvent, Session> {

  private static final long serialVersionUID = 1L;

  private final MemberReferences references;

  public SessionErasure(MemberReferences references) {
    this.references = references;
  }

  @Override
  public ActivityEvent screen(ActivityEvent event, ErasedMembers erased, long now) {
    if (erased.contains(event.communityId, event.actor, now)) {
      return null;
    }
    if (event.referredBy != null && erased.contains(event.communityId, event.referredBy, now)) {
      ActivityEvent cleaned = event.copy();
      cleaned.referredBy = null; // a referral in flight when the erasure came
      return cleaned;
    }
    return event;
  }

  @Override
  public void forget(Erasure erasure, StageState<String, Session> stage) throws Exception {
    ValueState<SessionBook> book = stage.states().getState(SessionAssembler.bookDescriptor());
    MapState<String, ActivityEvent> events =
        stage.states().getMapState(SessionAssembler.eventsDescriptor());
    ListState<ActivityEvent> pending =
        stage.states().getListState(SessionAssembler.pendingDescriptor());
    String memberKey = erasure.memberKey();
    Set<String> visited = new HashSet<>();
    KeyedStateFunction<String, State> visit =
        (actor, state) -> {
          if (!visited.add(actor)) {
            return;
          }
          if (actor.equals(memberKey)) {
            book.clear();
            events.clear();
            pending.clear();
          } else if (erasure.inCommunity(actor)) {
            clean(erasure, book, events, pending);
          }
        };
    // An actor whose every event still waits for the next watermark has pending events and no book
    // yet: visit both, each actor once.
    stage.forEachKey(SessionAssembler.bookDescriptor(), visit::process);
    stage.forEachKey(SessionAssembler.pendingDescriptor(), visit::process);
    stage.emit(Session.erasure(erasure.communityId, erasure.memberId));
  }

  /** Removes the member's id from the sessions of the actor the handles point at. */
  private void clean(
      Erasure erasure,
      ValueState<SessionBook> bookState,
      MapState<String, ActivityEvent> events,
      ListState<ActivityEvent> pending)
      throws Exception {
    SessionBook book = bookState.value();
    if (book != null) {
      boolean bookChanged = false;
      for (SessionTally tally : book.sessions) {
        bookChanged |= clean(erasure, tally.session);
      }
      if (bookChanged) {
        bookState.update(book);
      }
    }
    List<Map.Entry<String, ActivityEvent>> changed = new ArrayList<>();
    for (Map.Entry<String, ActivityEvent> e : events.entries()) {
      if (e.getValue().forget(erasure, references)) {
        changed.add(e);
      }
    }
    for (Map.Entry<String, ActivityEvent> e : changed) {
      events.put(e.getKey(), e.getValue());
    }
    List<ActivityEvent> waiting = new ArrayList<>();
    boolean pendingChanged = false;
    for (ActivityEvent e : pending.get()) {
      pendingChanged |= e.forget(erasure, references);
      waiting.add(e);
    }
    if (pendingChanged) {
      pending.update(waiting);
    }
  }

  boolean clean(Erasure erasure, Session s) {
    if (s == null) {
      return false;
    }
    String referredBy = MemberReferences.member(s.referredBy, erasure);
    String entry = references.url(s.entryUrl, erasure);
    String exit = references.url(s.exitUrl, erasure);
    String referrer = references.url(s.referrer, erasure);
    boolean changed =
        !Objects.equals(referredBy, s.referredBy)
            || !Objects.equals(entry, s.entryUrl)
            || !Objects.equals(exit, s.exitUrl)
            || !Objects.equals(referrer, s.referrer);
    s.referredBy = referredBy;
    s.entryUrl = entry;
    s.exitUrl = exit;
    s.referrer = referrer;
    return changed;
  }
}
