package io.communitypulse.indicators;

import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.state.BulkTypeInfo;
import io.communitypulse.state.Hash128;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one member's rolling indicators (key {@link MemberSignal#key()}, {@code
 * community_id/member_id}) and writes the member document of SPEC §5 to {@code pulse-members}
 * whenever it changes.
 *
 * <p><b>State.</b> One {@link DailyTally} per UTC day that has signals, inside the 28-day window or
 * after it (a signal may be dated ahead of the watermark), plus a {@link MemberState}. Signals only
 * add to day sums, so their order does not matter and a withdrawal (negative delta) is just another
 * signal. first_seen / last_seen are the min / max time of the own events seen; a withdrawn own
 * event does not move them back (the events themselves are not kept), so after a re-attribution
 * they can be slightly wider than the member's current events.
 *
 * <p><b>As-of day.</b> The UTC day of the current watermark. Before the first watermark (Long.MIN)
 * and at the end of a bounded input (Long.MAX) it is the latest day this member has a signal for,
 * but never earlier than the as-of day already used; the SPEC's "latest occurred_at among all
 * accepted events" is a global fact this per-member function cannot see, so a member silent on the
 * last day of a replay keeps the as-of day of the last real watermark. Signals dated before the
 * 28-day window of the as-of day can change no window and are dropped (counted).
 *
 * <p><b>Coalescing.</b> A signal only updates the state; the document is rebuilt and compared with
 * the last one written once per key when the watermark next advances (an event-time timer at
 * watermark + 1), so the dozens of signals a busy member gets between two watermarks cost one
 * document, not one each. Before the first watermark and after the last (end of a bounded input)
 * there is no later watermark, so the document is rebuilt at once.
 *
 * <p><b>Decay.</b> An event-time timer at the next UTC midnight after the watermark rolls the
 * windows forward, so a silent member's document is rewritten every day while any window is
 * non-zero. Tallies older than the 28-day window are pruned; when none is left the member has been
 * silent for 28 days: the all-zero, {@code dormant} document is written once more and all state and
 * timers are cleared. A member who returns after that starts afresh, so first_seen restarts.
 *
 * <p><b>Who gets a document.</b> Members with own events only (SPEC §5): a member who has only
 * received credits is tallied (the credits count once they act) but gets no document. Signals for
 * visitors ({@code anon:} ids) or without a member id are ignored and counted: visitors are never
 * in member indicators (SPEC §3).
 *
 * <p><b>Versions.</b> A per-member revision {@code max(last + 1, processing time now)}, as in
 * SessionAssembler: strictly growing within a run, and ahead of every version written before a
 * restore. A member whose state was cleared starts above the last version given to any cleared
 * member of this subtask, so a member who returns in the same millisecond still wins. An unchanged
 * document is not written again.
 */
public class MemberIndicators extends KeyedProcessFunction<String, MemberSignal, DocumentWrite> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MemberIndicators.class);

  static final long DAY_MILLIS = 86_400_000L;

  private final String index;
  private final IndicatorSettings settings;

  /** The as-of day at the end of a bounded input (SPEC §5), or null when unknown. */
  private final Long endOfInputAsOfDay;

  private transient MapState<Long, DailyTally> days;
  private transient ValueState<MemberState> member;
  private transient Counter ignoredSignals;
  private transient Counter tooOldSignals;
  private transient Counter documents;

  /**
   * The highest version handed to a member whose state was then cleared, on this subtask: a member
   * who comes back starts above it, or a write in the same millisecond as the dormant one would
   * carry no higher version and lose. Transient: after a restore the clock has moved past it.
   */
  private transient long clearedRevisionFloor;

  /** Writes to {@link Aliases#MEMBERS} with the SPEC defaults. */
  public MemberIndicators() {
    this(Aliases.MEMBERS, IndicatorSettings.defaults());
  }

  /**
   * @param index the alias to write member documents to (with the deployment's prefix, if any)
   */
  public MemberIndicators(String index, IndicatorSettings settings) {
    this(index, settings, null);
  }

  /**
   * @param endOfInputAsOfDay for a bounded input, the UTC epoch day of its latest accepted {@code
   *     occurred_at}: the as-of day SPEC §5 gives the end of a replay. The final watermark jumps to
   *     the end of time, so without it each member would keep the day of the last real watermark it
   *     saw, which depends on timing; null when unknown (unbounded input)
   */
  public MemberIndicators(String index, IndicatorSettings settings, Long endOfInputAsOfDay) {
    this.endOfInputAsOfDay = endOfInputAsOfDay;
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException("index must not be blank");
    }
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    this.index = index;
    this.settings = settings;
  }

  static MapStateDescriptor<Long, DailyTally> daysDescriptor() {
    return new MapStateDescriptor<>("member-days", Types.LONG, BulkTypeInfo.of(DailyTally.class));
  }

  static ValueStateDescriptor<MemberState> memberDescriptor() {
    return new ValueStateDescriptor<>("member-state", BulkTypeInfo.of(MemberState.class));
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getMapState(daysDescriptor());
    member = getRuntimeContext().getState(memberDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("indicators");
    ignoredSignals = metrics.counter("ignoredSignals");
    tooOldSignals = metrics.counter("tooOldSignals");
    documents = metrics.counter("memberDocuments");
  }

  @Override
  public void processElement(MemberSignal signal, Context ctx, Collector<DocumentWrite> out)
      throws Exception {
    if (signal.communityId == null
        || signal.memberId == null
        || signal.memberId.startsWith(ActivityEvents.VISITOR_PREFIX)
        || signal.field == null) {
      ignoredSignals.inc();
      LOG.debug("Ignoring {}: not addressed to a member", signal);
      return;
    }
    MemberState m = member.value();
    if (m == null) {
      m = MemberState.of(signal.communityId, signal.memberId);
      m.revision = clearedRevisionFloor;
    }
    long watermark = ctx.timerService().currentWatermark();
    long latestDay = Math.max(m.latestDay, signal.day);
    long asOf = AsOfDay.of(m.asOfDay, latestDay, watermark, endOfInputAsOfDay);
    if (!isRetained(asOf, signal.day)) {
      tooOldSignals.inc();
      LOG.debug("Dropping {}: before the 28-day window of {}", signal, asOf);
      return;
    }
    m.latestDay = latestDay;
    DailyTally tally = days.get(signal.day);
    if (tally == null) {
      tally = DailyTally.empty(signal.day);
    }
    tally.add(signal.field, signal.delta, signal.other);
    if (signal.eventAt != null) {
      tally.ownEvent(signal.eventAt, signal.delta);
    }
    if (tally.isEmpty()) {
      days.remove(signal.day);
    } else {
      days.put(signal.day, tally);
    }
    if (signal.eventAt != null && signal.delta > 0) {
      m.seen(signal.eventAt);
    }
    // Only a withdrawn own event can move first_seen / last_seen back; an added one moved them
    // above (seen), and pruning folds days into the pruned bounds without changing them.
    if (signal.eventAt != null && signal.delta < 0) {
      m.seenNeedsRecompute = true;
    }
    TimerService timers = ctx.timerService();
    if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
      // No watermark yet, or the input has ended: no later watermark will come to flush.
      refresh(m, asOf, timers, out);
      return;
    }
    // Coalesce: the document is rebuilt once when the watermark next advances, not per signal
    // (a busy member gets dozens of signals between two watermarks).
    if (m.flushTimer == MemberState.NONE) {
      m.flushTimer = watermark + 1;
      timers.registerEventTimeTimer(m.flushTimer);
    }
    member.update(m);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DocumentWrite> out)
      throws Exception {
    MemberState m = member.value();
    if (m == null) {
      return;
    }
    TimerService timers = ctx.timerService();
    if (timestamp == m.timer) {
      m.timer = MemberState.NONE;
    }
    if (m.flushTimer != MemberState.NONE) {
      // Any refresh writes what a pending flush would: cancel it, unless it is the same timer as
      // the day boundary (Flink keeps one timer per key and timestamp).
      if (m.flushTimer != timestamp && m.flushTimer != m.timer) {
        timers.deleteEventTimeTimer(m.flushTimer);
      }
      m.flushTimer = MemberState.NONE;
    }
    long watermark = timers.currentWatermark();
    refresh(m, AsOfDay.of(m.asOfDay, m.latestDay, watermark, endOfInputAsOfDay), timers, out);
  }

  /** Whether a day can still matter: inside the 28-day window of the as-of day, or after it. */
  private static boolean isRetained(long asOfDay, long day) {
    return day > asOfDay - Windows.LONG_DAYS;
  }

  /**
   * Prunes, emits the document if it changed, and either re-arms the timer or clears the member.
   */
  private void refresh(MemberState m, long asOf, TimerService timers, Collector<DocumentWrite> out)
      throws Exception {
    m.asOfDay = asOf;
    List<DailyTally> kept = new ArrayList<>();
    for (Iterator<Map.Entry<Long, DailyTally>> it = days.iterator(); it.hasNext(); ) {
      Map.Entry<Long, DailyTally> e = it.next();
      if (isRetained(asOf, e.getKey())) {
        kept.add(e.getValue());
      } else {
        m.pruned(e.getValue());
        it.remove();
      }
    }
    // Summed in day order: the same figures in the same order give the same bits on a replay.
    kept.sort(java.util.Comparator.comparingLong(t -> t.day));
    if (m.seenNeedsRecompute) {
      // Exact bounds: a withdrawn own event (a click moved to another member) no longer counts.
      // Scanning every kept own event costs O(events in 28 days), so only when one was withdrawn.
      m.recomputeSeen(kept);
      m.seenNeedsRecompute = false;
    }
    if (m.hasOwnEvents()) {
      emitIfChanged(m, asOf, kept, timers.currentProcessingTime(), out);
    }
    if (kept.isEmpty()) {
      // Silent for 28 days: every window reads zero and no later day is pending.
      clear(m, timers);
      return;
    }
    long next =
        timers.currentWatermark() == Long.MAX_VALUE
            // The input has ended: no later day boundary will come.
            ? MemberState.NONE
            : (asOf + 1) * DAY_MILLIS;
    if (next != m.timer) {
      if (m.timer != MemberState.NONE) {
        timers.deleteEventTimeTimer(m.timer);
      }
      if (next != MemberState.NONE) {
        timers.registerEventTimeTimer(next);
      }
      m.timer = next;
    }
    member.update(m);
  }

  private void emitIfChanged(
      MemberState m, long asOf, List<DailyTally> tallies, long now, Collector<DocumentWrite> out) {
    WindowTotals d7 = Windows.totals(tallies, asOf, Windows.SHORT_DAYS);
    WindowTotals d28 = Windows.totals(tallies, asOf, Windows.LONG_DAYS);
    byte[] source =
        MemberDocuments.source(
            m.communityId,
            m.memberId,
            d7,
            d28,
            MemberScores.of(d28, settings),
            m.firstSeen,
            m.lastSeen,
            asOf);
    Hash128 hash = Hash128.of(source);
    if (m.lastSourceKnown && hash.hi == m.lastSourceHi && hash.lo == m.lastSourceLo) {
      // Unchanged (two different documents share a 128-bit hash with negligible probability).
      return;
    }
    out.collect(
        DocumentWrite.upsert(
            index,
            MemberDocuments.documentId(m.communityId, m.memberId),
            m.nextRevision(now),
            source,
            m.communityId));
    m.lastSourceKnown = true;
    m.lastSourceHi = hash.hi;
    m.lastSourceLo = hash.lo;
    documents.inc();
  }

  private void clear(MemberState m, TimerService timers) {
    if (m.timer != MemberState.NONE) {
      timers.deleteEventTimeTimer(m.timer);
    }
    if (m.flushTimer != MemberState.NONE && m.flushTimer != m.timer) {
      timers.deleteEventTimeTimer(m.flushTimer);
    }
    clearedRevisionFloor = Math.max(clearedRevisionFloor, m.revision);
    days.clear();
    member.clear();
  }
}
