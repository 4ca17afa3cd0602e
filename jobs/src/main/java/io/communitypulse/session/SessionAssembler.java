package io.communitypulse.session;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.state.BulkTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sessions of one actor (key {@link ActivityEvent#actorKey()}) from clicks and posts in
 * any order within the allowed lateness, and emits every new state of every session: {@code live}
 * while open (by default once per watermark advance, coalescing the changes in between; or at most
 * once per live-update interval per actor), {@code closed} as soon as the watermark shows that no
 * on-time event can extend it (last event + gap - 1 ms), and a {@code deleted} {@link Session} for
 * every emitted session id that stopped existing (merged by a bridging late event, re-identified
 * because an earlier event moved its start, emptied or split by a retraction). Applying the
 * emissions by version therefore leaves exactly the current sessions in Elasticsearch. Why only
 * recent sessions are shown live, what is kept and when it is purged (docs/semantics.md,
 * "Sessions"); how the versions survive a restore (docs/semantics.md, "Writing to Elasticsearch").
 */
public class SessionAssembler extends KeyedProcessFunction<String, ActivityEvent, Session> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SessionAssembler.class);

  /** Events more than the allowed lateness behind the watermark; they cannot be placed safely. */
  public static final OutputTag<ActivityEvent> TOO_LATE =
      new OutputTag<>("session-too-late", TypeInformation.of(ActivityEvent.class));

  private final Duration sessionGap;
  private final Duration maxSessionLength;
  private final long gapMillis;
  private final long maxLengthMillis;
  private final long latenessMillis;
  private final long liveIntervalMillis;

  private transient SessionRules rules;
  private transient MapState<String, ActivityEvent> events;
  private transient ValueState<SessionBook> book;
  private transient ListState<ActivityEvent> pending;
  private transient Counter tooLate;
  private transient Counter unknownRetractions;
  private transient Counter deletes;

  /**
   * @param settings gap, maximum length and live-update interval ({@code live-update-interval}: the
   *     least processing time between two emissions for one actor; zero emits every change when the
   *     watermark next advances, once per session per watermark)
   * @param lateness how far behind the watermark an event can reach this stage; in the job {@link
   *     SessionSettings#stitchedEventLateness}
   */
  public SessionAssembler(SessionSettings settings, Duration lateness) {
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("lateness is negative: " + lateness);
    }
    this.sessionGap = settings.gap();
    this.maxSessionLength = settings.maxLength();
    this.gapMillis = sessionGap.toMillis();
    this.maxLengthMillis = maxSessionLength.toMillis();
    this.latenessMillis = lateness.toMillis();
    this.liveIntervalMillis = settings.liveUpdateInterval().toMillis();
  }

  /** The actor's accepted, not yet purged events, by event id. */
  static MapStateDescriptor<String, ActivityEvent> eventsDescriptor() {
    return new MapStateDescriptor<>(
        "session-events", BulkTypeInfo.STRING, BulkTypeInfo.of(ActivityEvent.class));
  }

  static ValueStateDescriptor<SessionBook> bookDescriptor() {
    return new ValueStateDescriptor<>("session-book", BulkTypeInfo.of(SessionBook.class));
  }

  /**
   * Events (and retractions) received since the actor's last timer, applied together when the
   * watermark next advances: one append per event instead of reading and rewriting the actor's book
   * per event (on RocksDB a full (de)serialisation each).
   */
  static ListStateDescriptor<ActivityEvent> pendingDescriptor() {
    return new ListStateDescriptor<>("session-pending", BulkTypeInfo.of(ActivityEvent.class));
  }

  @Override
  public void open(OpenContext openContext) {
    rules = new SessionRules(sessionGap, maxSessionLength);
    events = getRuntimeContext().getMapState(eventsDescriptor());
    book = getRuntimeContext().getState(bookDescriptor());
    pending = getRuntimeContext().getListState(pendingDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("session");
    tooLate = metrics.counter("tooLateEvents");
    unknownRetractions = metrics.counter("unknownRetractions");
    deletes = metrics.counter("deletedSessions");
  }

  @Override
  public void processElement(ActivityEvent event, Context ctx, Collector<Session> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (!event.retraction
        && watermark > Long.MIN_VALUE + latenessMillis
        && event.occurredAt < watermark - latenessMillis) {
      tooLate.inc();
      LOG.debug(
          "Refusing {}: more than the allowed lateness behind watermark {}", event, watermark);
      ctx.output(TOO_LATE, event);
      return;
    }
    if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
      // No watermark yet, or the input has ended: no later watermark will come to apply a batch.
      SessionBook b = apply(book.value(), event);
      if (b != null) {
        changed(b, ctx, out);
      }
      return;
    }
    // Applied with the actor's other events when the watermark next advances (one timer per key
    // and time), before any close or purge that watermark triggers.
    pending.add(event);
    ctx.timerService().registerEventTimeTimer(watermark + 1);
  }

  /**
   * Adds one event to the actor's book, or withdraws it (a retraction); returns the book, or null
   * when the actor has none and nothing changed.
   */
  private SessionBook apply(SessionBook b, ActivityEvent event) throws Exception {
    if (event.retraction) {
      if (b == null || !events.contains(event.eventId)) {
        // Never seen here, or its session was already purged: nothing we hold can change.
        unknownRetractions.inc();
        LOG.debug("Ignoring {}: no such event held for this actor", event);
        return b;
      }
      events.remove(event.eventId);
      rebuild(b);
      return b;
    }
    if (b == null) {
      b = new SessionBook(event.communityId, event.actor);
    }
    ActivityEvent previous = events.get(event.eventId);
    events.put(event.eventId, event);
    if (previous == null) {
      insert(b, event);
    } else {
      // The same event id again (re-sent with other fields, or at another time): start over.
      rebuild(b);
    }
    return b;
  }

  /** Applies the events received since the last timer, in their order of arrival. */
  private SessionBook applyPending(SessionBook b) throws Exception {
    Iterable<ActivityEvent> batch = pending.get();
    if (batch == null) {
      return b;
    }
    boolean any = false;
    for (ActivityEvent event : batch) {
      b = apply(b, event);
      any = true;
    }
    if (any) {
      pending.clear();
    }
    return b;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Session> out) throws Exception {
    SessionBook b = applyPending(book.value());
    if (b == null) {
      return;
    }
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (timestamp == b.liveTimer) {
        b.liveTimer = SessionBook.NONE;
      }
      flush(b, ctx, out);
    } else if (timestamp == b.eventTimer) {
      b.eventTimer = SessionBook.NONE;
      // Emits the sessions the watermark just closed, and anything still pending before purging.
      flush(b, ctx, out);
      purge(b, ctx.timerService().currentWatermark());
    } else if (liveIntervalMillis == 0) {
      // Only a batch of new events, and the watermark has advanced since they came: emit now.
      flush(b, ctx, out);
    } else {
      // Only a batch of new events, throttled: now or when the live-update interval ends.
      changed(b, ctx, out);
      return;
    }
    settle(b, ctx);
  }

  /** Adds a new event, in O(1) unless it changes where sessions start or end. */
  private void insert(SessionBook b, ActivityEvent e) throws Exception {
    List<SessionTally> sessions = b.sessions;
    SessionTally last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
    if (last == null || e.occurredAt > last.end()) {
      if (last != null && !rules.startsNewSession(last.start(), last.end(), e.occurredAt)) {
        last.add(e);
        last.dirty = true;
      } else {
        SessionTally fresh = SessionTally.of(e);
        sessions.add(fresh);
        revive(b, fresh);
      }
      return;
    }
    int next = 0;
    for (; next < sessions.size(); next++) {
      SessionTally t = sessions.get(next);
      // Within a session's span an event shortens gaps only and stays before its max-length cut,
      // so no session starts or ends elsewhere.
      if (t.start() <= e.occurredAt && e.occurredAt <= t.end()) {
        t.add(e);
        t.dirty = true;
        return;
      }
      if (t.start() > e.occurredAt) {
        break;
      }
    }
    // Before the first session or in the gap before sessions.get(next).
    if (!insertIntoGap(b, e, next)) {
      // It may bridge two sessions or re-cut them at the maximum length: start over.
      rebuild(b);
    }
  }

  /**
   * Places an event that lies before session {@code next} and after the one before it (if any)
   * without a rebuild when the result is plain: a session of its own, an extension of the previous
   * session, or the new start of the next one. Returns false when the event bridges both neighbours
   * or moves a maximum-length cut. Frequent, since one source may read ahead of the other: a
   * member's clicks then arrive after their post in the same visit.
   */
  private boolean insertIntoGap(SessionBook b, ActivityEvent e, int next) {
    List<SessionTally> sessions = b.sessions;
    SessionTally after = sessions.get(next);
    SessionTally before = next > 0 ? sessions.get(next - 1) : null;
    boolean joinsBefore =
        before != null && !rules.startsNewSession(before.start(), before.end(), e.occurredAt);
    boolean joinsAfter = after.start() - e.occurredAt < gapMillis;
    if (joinsBefore && joinsAfter) {
      return false;
    }
    if (joinsBefore) {
      // The next session stays at least a gap away, so it keeps its start and events.
      before.add(e);
      before.dirty = true;
      return true;
    }
    if (joinsAfter) {
      if (after.end() - e.occurredAt >= maxLengthMillis) {
        // An earlier start moves the maximum-length cut into this session.
        return false;
      }
      String oldId = after.sessionId();
      after.add(e);
      after.dirty = true;
      // The start moved, so the id did: the old document goes, the new id is new (or revived).
      if (after.emitted) {
        b.markForDeletion(oldId);
        b.keepUntil = Math.max(b.keepUntil, purgeTime(after));
        after.emitted = false;
        after.emittedClosed = false;
      }
      revive(b, after);
      return true;
    }
    SessionTally fresh = SessionTally.of(e);
    sessions.add(next, fresh);
    revive(b, fresh);
    return true;
  }

  /**
   * A session whose id is waiting for its delete has come back: its document still exists, so
   * cancel the delete but remember it was emitted, or vanishing again would never delete it.
   */
  private static void revive(SessionBook b, SessionTally t) {
    if (b.pendingDeletes.remove(t.sessionId())) {
      t.emitted = true;
      t.dirty = true;
    }
  }

  /** Recomputes the sessions from the held events and works out which ids appeared or vanished. */
  private void rebuild(SessionBook b) throws Exception {
    List<ActivityEvent> held = new ArrayList<>();
    for (ActivityEvent e : events.values()) {
      held.add(e);
    }
    List<SessionTally> fresh = rules.tallies(held);
    Map<String, SessionTally> before = new HashMap<>();
    for (SessionTally t : b.sessions) {
      before.put(t.sessionId(), t);
    }
    for (SessionTally t : fresh) {
      SessionTally old = before.remove(t.sessionId());
      if (old == null) {
        revive(b, t);
      } else {
        t.emitted = old.emitted;
        t.emittedClosed = old.emittedClosed;
        t.dirty = old.dirty || !old.session.sameContent(t.session);
      }
    }
    for (SessionTally gone : before.values()) {
      if (gone.emitted) {
        b.markForDeletion(gone.sessionId());
        b.keepUntil = Math.max(b.keepUntil, purgeTime(gone));
      }
    }
    b.sessions = fresh;
  }

  /**
   * Something changed: without throttling, emit when the watermark next advances (settle registers
   * that timer), so all changes of an actor between two watermarks cost one emission per session;
   * with throttling, emit now or once the live-update interval since the last emission ends.
   */
  private void changed(SessionBook b, Context ctx, Collector<Session> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (liveIntervalMillis == 0) {
      long watermark = ctx.timerService().currentWatermark();
      if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
        // No watermark yet, or the input has ended: no later watermark will come to flush.
        flush(b, ctx, out);
      }
    } else if (b.liveTimer == SessionBook.NONE) {
      if (b.lastFlushAt == SessionBook.NONE || now >= b.lastFlushAt + liveIntervalMillis) {
        flush(b, ctx, out);
      } else {
        b.liveTimer = b.lastFlushAt + liveIntervalMillis;
        ctx.timerService().registerProcessingTimeTimer(b.liveTimer);
      }
    }
    settle(b, ctx);
  }

  /**
   * Emits pending deletes and every session whose content or status differs from its last emission.
   */
  private void flush(SessionBook b, Context ctx, Collector<Session> out) {
    long now = ctx.timerService().currentProcessingTime();
    long watermark = ctx.timerService().currentWatermark();
    boolean emitted = false;
    for (String id : b.pendingDeletes) {
      out.collect(Session.deletion(id, b.communityId, b.actor, b.nextRevision(now)));
      deletes.inc();
      emitted = true;
    }
    b.pendingDeletes.clear();
    for (SessionTally t : b.sessions) {
      boolean closed = watermark >= closeTime(t);
      if (!closed && !couldStillBeLive(t, now)) {
        // History (a replay, a backlog): not live in the real world, so it is written once, closed.
        continue;
      }
      if (t.dirty || !t.emitted || closed != t.emittedClosed) {
        Session.Status status = closed ? Session.Status.CLOSED : Session.Status.LIVE;
        out.collect(t.emit(status, b.nextRevision(now)));
        t.dirty = false;
        t.emitted = true;
        t.emittedClosed = closed;
        emitted = true;
      }
    }
    if (emitted) {
      b.lastFlushAt = now;
    }
    if (b.liveTimer != SessionBook.NONE) {
      ctx.timerService().deleteProcessingTimeTimer(b.liveTimer);
      b.liveTimer = SessionBook.NONE;
    }
  }

  /** Drops the sessions no accepted event can change any more, with their events. */
  private void purge(SessionBook b, long watermark) throws Exception {
    int purged = 0;
    long lastPurgedEnd = SessionBook.NONE;
    // Sessions are disjoint and sorted, so the purgeable ones are a prefix.
    while (purged < b.sessions.size() && purgeTime(b.sessions.get(purged)) <= watermark) {
      lastPurgedEnd = b.sessions.get(purged).end();
      purged++;
    }
    if (purged == 0) {
      return;
    }
    b.sessions.subList(0, purged).clear();
    for (Iterator<ActivityEvent> it = events.values().iterator(); it.hasNext(); ) {
      if (it.next().occurredAt <= lastPurgedEnd) {
        it.remove();
      }
    }
  }

  /** Registers the next close or purge, or clears the actor when nothing is left to track. */
  private void settle(SessionBook b, Context ctx) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    boolean keep = b.keepUntil != SessionBook.NONE && watermark < b.keepUntil;
    if (b.sessions.isEmpty() && b.pendingDeletes.isEmpty() && !keep) {
      clear(b, ctx);
      return;
    }
    long next = keep ? b.keepUntil : Long.MAX_VALUE;
    for (SessionTally t : b.sessions) {
      long close = closeTime(t);
      next = Math.min(next, watermark < close ? close : purgeTime(t));
    }
    long now = ctx.timerService().currentProcessingTime();
    if (!b.pendingDeletes.isEmpty() || (liveIntervalMillis == 0 && hasLiveChange(b, now))) {
      // Unthrottled changes wait for the next watermark. A throttled delete waits for the live
      // timer, but processing-time timers do not fire at the end of a bounded input: the next
      // watermark (at the latest the final one) must flush it.
      next = Math.min(next, watermark == Long.MAX_VALUE ? watermark : watermark + 1);
    }
    if (next == Long.MAX_VALUE) {
      next = SessionBook.NONE;
    }
    if (next != b.eventTimer) {
      if (b.eventTimer != SessionBook.NONE) {
        ctx.timerService().deleteEventTimeTimer(b.eventTimer);
      }
      if (next != SessionBook.NONE) {
        ctx.timerService().registerEventTimeTimer(next);
      }
      b.eventTimer = next;
    }
    book.update(b);
  }

  /** Whether a session that could still be live changed since its last emission (or was new). */
  private boolean hasLiveChange(SessionBook b, long now) {
    for (SessionTally t : b.sessions) {
      if ((t.dirty || !t.emitted) && couldStillBeLive(t, now)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the session's last event lies less than a gap before the wall clock, so that the
   * session may really still be going on. Only such sessions are shown {@code live}; an older open
   * session (events replayed from history, or a backlog after an outage) waits for the watermark to
   * close it and is written once, instead of once per checkpoint until then.
   */
  private boolean couldStillBeLive(SessionTally t, long now) {
    return t.end() > now - gapMillis;
  }

  private void clear(SessionBook b, Context ctx) {
    if (b.eventTimer != SessionBook.NONE) {
      ctx.timerService().deleteEventTimeTimer(b.eventTimer);
    }
    if (b.liveTimer != SessionBook.NONE) {
      ctx.timerService().deleteProcessingTimeTimer(b.liveTimer);
    }
    events.clear();
    book.clear();
  }

  /**
   * The watermark at which a session is closed: the last instant an on-time event could still
   * extend it ({@code end + gap - 1}; one at {@code end + gap} starts a new session), which is also
   * when Flink's own session windows fire.
   */
  private long closeTime(SessionTally t) {
    return t.end() + gapMillis - 1;
  }

  /** The watermark from which no accepted event can join or move a session. */
  private long purgeTime(SessionTally t) {
    return t.end() + gapMillis + latenessMillis;
  }
}
