package io.communitypulse.indicators;

import io.communitypulse.community.CommunityDelta;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;
import io.communitypulse.sink.DocumentVersions;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.state.BulkTypeInfo;
import io.communitypulse.state.Hash128;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first phase of the indicators, keyed by actor ({@link MemberSignal#key()}, {@code
 * community_id/member_id}, or {@code community_id/anon:…} for a visitor): keeps the actor's daily
 * tallies, writes the member document to {@code pulse-members} and sends, as {@link
 * #COMMUNITY_DELTAS}, the change of what the actor contributes to each community day (active, in
 * the 7- and 28-day sets, level, first day, posts; a visitor only its visitor days). Event time
 * throughout: a signal is applied whatever day it carries unless the watermark has passed the day
 * after which nothing can change; the as-of day is the watermark's. The rules (batching per
 * watermark, the frozen as_of of a silent member, {@code member.memory}) are in docs/semantics.md,
 * "Member and community figures".
 */
public class MemberIndicators extends KeyedProcessFunction<String, MemberSignal, DocumentWrite>
    implements ForgetsMembers<String, MemberSignal, DocumentWrite> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MemberIndicators.class);

  /** Per-day changes of what each actor contributes to their community's documents. */
  public static final OutputTag<CommunityDelta> COMMUNITY_DELTAS =
      new OutputTag<>("community-deltas", TypeInformation.of(CommunityDelta.class));

  private final String index;
  private final IndicatorSettings settings;
  private final SignalHorizon horizon;
  private final long memoryMillis;

  /** The as-of day at the end of a bounded input, or null when unknown. */
  private final Long endOfInputAsOfDay;

  private transient MapState<Long, DailyTally> days;
  private transient ValueState<MemberState> member;
  private transient ListState<MemberSignal> pending;
  private transient Counter ignoredSignals;
  private transient Counter tooOldSignals;
  private transient Counter documents;

  /**
   * The highest version handed to a member whose state was then cleared, on this subtask: a member
   * who comes back starts above it, or a write in the same millisecond as the last one would carry
   * no higher version and lose. Transient: after a restore the clock has moved past it.
   */
  private transient long clearedRevisionFloor;

  /**
   * @param index the alias to write member documents to (with the deployment's prefix, if any)
   * @param settings scores, levels and how long a silent member is remembered
   * @param horizon when signals stop reaching a day
   * @param endOfInputAsOfDay for a bounded input, the UTC epoch day of its latest accepted event;
   *     null when unknown (unbounded input)
   */
  public MemberIndicators(
      String index, IndicatorSettings settings, SignalHorizon horizon, Long endOfInputAsOfDay) {
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException("index must not be blank");
    }
    this.index = index;
    this.settings = settings;
    this.horizon = horizon;
    this.memoryMillis = settings.memberMemory().toMillis();
    this.endOfInputAsOfDay = endOfInputAsOfDay;
  }

  static MapStateDescriptor<Long, DailyTally> daysDescriptor() {
    return new MapStateDescriptor<>("member-days", Types.LONG, BulkTypeInfo.of(DailyTally.class));
  }

  static ValueStateDescriptor<MemberState> memberDescriptor() {
    return new ValueStateDescriptor<>("member-state", BulkTypeInfo.of(MemberState.class));
  }

  /** Signals since the last flush: one append per signal, applied together at the watermark. */
  static ListStateDescriptor<MemberSignal> pendingDescriptor() {
    return new ListStateDescriptor<>("member-pending", BulkTypeInfo.of(MemberSignal.class));
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getMapState(daysDescriptor());
    member = getRuntimeContext().getState(memberDescriptor());
    pending = getRuntimeContext().getListState(pendingDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("indicators");
    ignoredSignals = metrics.counter("ignoredSignals");
    tooOldSignals = metrics.counter("tooOldSignals");
    documents = metrics.counter("memberDocuments");
  }

  /**
   * Drops a suppressed member's signals; a reply to them that was still on its way when they were
   * forgotten helps nobody, so their id does not come back into the replier's tallies.
   */
  @Override
  public MemberSignal screen(MemberSignal signal, ErasedMembers erased, long now) {
    if (erased.contains(signal.communityId, signal.memberId, now)) {
      return null;
    }
    if (signal.other != null && erased.contains(signal.communityId, signal.other, now)) {
      MemberSignal cleaned =
          MemberSignal.of(
              signal.communityId, signal.memberId, signal.day, signal.field, signal.delta);
      cleaned.eventAt = signal.eventAt;
      return cleaned;
    }
    return signal;
  }

  /**
   * Forgets the member (docs/privacy.md): what they had pending still reaches the community days,
   * which keep counting what happened; then their state goes and their document is deleted, with a
   * version above every one they were written with. The members they helped keep counting them
   * (members_helped) under a stand-in that names nobody, the same in all their days.
   */
  @Override
  public void forget(Erasure erasure, StageState<String, DocumentWrite> stage) throws Exception {
    String memberKey = erasure.memberKey();
    String standIn = MemberReferences.FORGOTTEN + ":" + erasure.requestId;
    long[] revision = {0};
    KeyedStateFunction<String, State> visit =
        (key, state) -> {
          if (key.equals(memberKey)) {
            revision[0] =
                Math.max(
                    revision[0],
                    forgetCurrent(erasure, delta -> stage.output(COMMUNITY_DELTAS, delta)));
          } else if (erasure.inCommunity(key)) {
            replaceHelped(erasure.memberId, standIn);
          }
        };
    stage.forEachKey(memberDescriptor(), visit::process);
    stage.forEachKey(pendingDescriptor(), visit::process);
    // Above the floor too: if the member comes back (suppression off), their first write starts
    // from it and must win over this delete, even in the same millisecond.
    long version =
        DocumentVersions.next(
            Math.max(revision[0], clearedRevisionFloor), stage.currentProcessingTime());
    clearedRevisionFloor = version;
    stage.emit(
        DocumentWrite.delete(
            index,
            MemberDocument.documentId(erasure.communityId, erasure.memberId),
            version,
            erasure.communityId));
  }

  /**
   * In the current actor's tallies and pending signals, {@code memberId} helped becomes another.
   */
  private void replaceHelped(String memberId, String standIn) throws Exception {
    List<DailyTally> changed = new ArrayList<>();
    for (DailyTally tally : days.values()) {
      Integer replies = tally.helped.remove(memberId);
      if (replies != null) {
        tally.helped.merge(standIn, replies, (a, b) -> a + b == 0 ? null : a + b);
        changed.add(tally);
      }
    }
    for (DailyTally tally : changed) {
      days.put(tally.day, tally);
    }
    List<MemberSignal> waiting = new ArrayList<>();
    boolean pendingChanged = false;
    for (MemberSignal s : pending.get()) {
      if (memberId.equals(s.other)) {
        s.other = standIn;
        pendingChanged = true;
      }
      waiting.add(s);
    }
    if (pendingChanged) {
      pending.update(waiting);
    }
  }

  /** Applies what the current member had pending, clears them; returns their last revision. */
  private long forgetCurrent(Erasure erasure, Consumer<CommunityDelta> deltas) throws Exception {
    List<MemberSignal> batch = new ArrayList<>();
    for (MemberSignal s : pending.get()) {
      batch.add(s);
    }
    MemberState m = member.value();
    if (m == null && batch.isEmpty()) {
      return 0;
    }
    if (m == null) {
      m = MemberState.of(erasure.communityId, erasure.memberId);
    }
    if (!batch.isEmpty()) {
      NavigableMap<Long, DailyTally> tallies = new TreeMap<>();
      for (Map.Entry<Long, DailyTally> e : days.entries()) {
        tallies.put(e.getKey(), e.getValue());
      }
      apply(m, false, batch, tallies, deltas);
    }
    long revision = m.revision;
    days.clear();
    member.clear();
    pending.clear();
    return revision;
  }

  @Override
  public void processElement(MemberSignal signal, Context ctx, Collector<DocumentWrite> out)
      throws Exception {
    if (signal.communityId == null || signal.memberId == null || signal.field == null) {
      ignoredSignals.inc();
      LOG.debug("Ignoring {}: not addressed to an actor", signal);
      return;
    }
    TimerService timers = ctx.timerService();
    long watermark = timers.currentWatermark();
    if (horizon.isFinal(signal.day, watermark)) {
      tooOldSignals.inc();
      LOG.debug("Dropping {}: its day is final at watermark {}", signal, watermark);
      return;
    }
    pending.add(signal);
    if (watermark == Long.MAX_VALUE) {
      // The input has ended: no later watermark will fire a timer.
      flush(timers, out, delta -> ctx.output(COMMUNITY_DELTAS, delta));
    } else {
      // One flush when the watermark next advances, however many signals come first (the timer
      // service keeps one timer per key and time).
      timers.registerEventTimeTimer(watermark + 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DocumentWrite> out)
      throws Exception {
    flush(ctx.timerService(), out, delta -> ctx.output(COMMUNITY_DELTAS, delta));
  }

  /**
   * Applies the pending signals, sends the community changes they make, prunes what no window can
   * use any more, writes the document if it changed and arms the next timer (or forgets the actor).
   */
  private void flush(
      TimerService timers, Collector<DocumentWrite> out, Consumer<CommunityDelta> deltas)
      throws Exception {
    List<MemberSignal> batch = new ArrayList<>();
    for (MemberSignal s : pending.get()) {
      batch.add(s);
    }
    MemberState m = member.value();
    if (m == null) {
      if (batch.isEmpty()) {
        return; // a timer armed before the state was forgotten
      }
      m = MemberState.of(batch.get(0).communityId, batch.get(0).memberId);
      m.revision = clearedRevisionFloor;
    }
    boolean visitor = m.memberId.startsWith(ActivityEvents.VISITOR_PREFIX);
    long watermark = timers.currentWatermark();
    NavigableMap<Long, DailyTally> tallies = new TreeMap<>();
    for (Map.Entry<Long, DailyTally> e : days.entries()) {
      tallies.put(e.getKey(), e.getValue());
    }
    if (!batch.isEmpty()) {
      apply(m, visitor, batch, tallies, deltas);
      pending.clear();
    }
    long asOf = asOfDay(m, tallies, watermark);
    m.asOfDay = asOf;
    if (!tallies.isEmpty()) {
      // Before pruning: a watermark that jumps far ahead may prune every day in this very flush.
      m.lastFigureDay = tallies.lastKey();
    }
    if (SignalHorizon.isRunning(watermark)) {
      // A visitor's day only counts on itself (visitors_1d): it can go as soon as it is final.
      // A member's stays while a window that can still change holds it, growth figures included
      // (the window ending 28 days before an open day).
      prune(
          m, tallies, visitor ? horizon.openDay(watermark) : horizon.firstKeptGrowthDay(watermark));
      for (DailyTally finalDay : tallies.headMap(horizon.openDay(watermark), false).values()) {
        if (finalDay.compactOwnEvents()) {
          days.put(finalDay.day, finalDay);
        }
      }
    }
    if (!visitor && m.hasOwnEvents()) {
      emitIfChanged(m, asOf, tallies, timers.currentProcessingTime(), out);
    } else if (m.lastSourceKnown) {
      // Every own event was withdrawn (moved to another actor): no own events, no document.
      out.collect(
          DocumentWrite.delete(
              index,
              MemberDocument.documentId(m.communityId, m.memberId),
              m.nextRevision(timers.currentProcessingTime()),
              m.communityId));
      m.lastSourceKnown = false;
    }
    // Nothing left to count: forget a visitor at once; a member too when nothing of theirs was
    // ever pruned (they only received credits, or every own event was withdrawn), else only after
    // member.memory, so first_seen survives a silence.
    if (tallies.isEmpty() && (visitor || m.prunedFirstSeen == null || isForgotten(m, watermark))) {
      clear(m);
      return;
    }
    if (watermark != Long.MAX_VALUE) {
      // Tallies left: roll the windows (and prune) at the next UTC midnight. None left: wait to
      // forget the member, member.memory after their last own event.
      timers.registerEventTimeTimer(tallies.isEmpty() ? forgetAt(m) : UtcDays.start(asOf + 1));
    }
    member.update(m);
  }

  /**
   * Adds a batch of signals to the tallies and sends the change of the actor's community views of
   * every day the batch can reach: the days of its signals and the 55 after each (their 7- and
   * 28-day windows, and the growth figures that look back 28 days more), the days whose newcomer
   * cohort the old or new first day belongs to, and the old and new first day itself.
   */
  private void apply(
      MemberState m,
      boolean visitor,
      List<MemberSignal> batch,
      NavigableMap<Long, DailyTally> tallies,
      Consumer<CommunityDelta> deltas)
      throws Exception {
    long minDay = Long.MAX_VALUE;
    long maxDay = Long.MIN_VALUE;
    boolean withdrawsOwnEvent = false;
    for (MemberSignal s : batch) {
      minDay = Math.min(minDay, s.day);
      maxDay = Math.max(maxDay, s.day);
      withdrawsOwnEvent |= s.eventAt != null && s.delta < 0;
    }
    long firstDayBefore = visitor ? MemberState.NONE : m.firstDay();
    long to = maxDay;
    if (!visitor) {
      // The views reach 55 days past each changed day, and past the days of the old and new stay
      // starts (new members, newcomer cohorts): a new one is a batch day unless an own event is
      // withdrawn, which can move it later, at most to the latest day kept; an old one that goes
      // is at most the current stay's.
      long latestFirstDay = firstDayBefore;
      if (withdrawsOwnEvent && !tallies.isEmpty()) {
        latestFirstDay = Math.max(latestFirstDay, tallies.lastKey());
      }
      to = Math.max(maxDay, latestFirstDay) + Windows.GROWTH_DAYS - 1;
    }
    long[] startsBefore = m.stayStarts;
    MemberDayViews before = MemberDayViews.of(tallies, minDay, to, visitor, startsBefore, settings);
    Set<Long> changed = new HashSet<>();
    long[] added = new long[batch.size()];
    int addedCount = 0;
    for (MemberSignal s : batch) {
      DailyTally tally = tallies.computeIfAbsent(s.day, DailyTally::empty);
      tally.add(s.field, s.delta, s.other);
      if (s.eventAt != null && !visitor) {
        tally.ownEvent(s.eventAt, s.delta);
        if (s.delta > 0) {
          added[addedCount++] = s.eventAt;
        }
      }
      changed.add(s.day);
      m.latestDay = Math.max(m.latestDay, s.day);
    }
    for (long day : changed) {
      DailyTally tally = tallies.get(day);
      if (tally.isEmpty()) {
        tallies.remove(day);
        days.remove(day);
      } else {
        days.put(day, tally);
      }
    }
    added = Arrays.copyOf(added, addedCount);
    if (!withdrawsOwnEvent && m.extendsCurrentStay(added, memoryMillis)) {
      m.extendCurrentStay(added); // the common case: the stays stand, last_seen moves on
    } else if (addedCount > 0 || withdrawsOwnEvent) {
      m.stayStarts = m.recomputeStays(tallies.values(), memoryMillis);
    }
    MemberDayViews after = MemberDayViews.of(tallies, minDay, to, visitor, m.stayStarts, settings);
    MemberDayViews.emitChanges(m.communityId, before, after, deltas);
  }

  private long asOfDay(MemberState m, NavigableMap<Long, DailyTally> tallies, long watermark) {
    long latest = tallies.isEmpty() ? m.latestDay : Math.max(m.latestDay, tallies.lastKey());
    return AsOfDay.of(m.asOfDay, watermark, endOfInputAsOfDay, latest);
  }

  /** Removes the tallies before {@code firstKept}: no window that can still change holds them. */
  private void prune(MemberState m, NavigableMap<Long, DailyTally> tallies, long firstKept)
      throws Exception {
    for (Iterator<Map.Entry<Long, DailyTally>> it =
            tallies.headMap(firstKept, false).entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Long, DailyTally> e = it.next();
      m.pruned(e.getValue(), memoryMillis);
      days.remove(e.getKey());
      it.remove();
    }
  }

  /**
   * Whether the member may be forgotten: {@code member.memory} has passed since their last own
   * event, and the signal lateness too, so no own event within the memory can still arrive. One
   * that comes later starts a new stay anyway (see {@link MemberState#recomputeStays}).
   */
  private boolean isForgotten(MemberState m, long watermark) {
    return watermark == Long.MAX_VALUE || (m.lastSeen != null && watermark >= forgetAt(m));
  }

  private long forgetAt(MemberState m) {
    return m.lastSeen + memoryMillis + horizon.latenessMillis();
  }

  /**
   * Writes the document as of {@code min(asOf, last figure day + 56)}: from then on every window,
   * the one ending 28 days before included, reads zero, so a long-silent member keeps the as_of of
   * the day their figures ran out.
   */
  private void emitIfChanged(
      MemberState m,
      long asOf,
      NavigableMap<Long, DailyTally> tallies,
      long now,
      Collector<DocumentWrite> out) {
    long documentDay =
        m.lastFigureDay == MemberState.NONE
            ? asOf
            : Math.min(asOf, m.lastFigureDay + Windows.GROWTH_DAYS);
    WindowTotals d7 = Windows.totals(tallies.values(), documentDay, Windows.SHORT_DAYS);
    WindowTotals d28 = Windows.totals(tallies.values(), documentDay, Windows.LONG_DAYS);
    WindowTotals d28Before =
        Windows.totals(tallies.values(), documentDay - Windows.LONG_DAYS, Windows.LONG_DAYS);
    byte[] source =
        MemberDocument.of(
                m.communityId,
                m.memberId,
                d7,
                d28,
                MemberScores.of(d28, settings),
                MemberScores.of(d28Before, settings),
                m.firstSeen,
                m.lastSeen,
                documentDay)
            .toJson();
    Hash128 hash = Hash128.of(source);
    if (m.lastSourceKnown && hash.hi == m.lastSourceHi && hash.lo == m.lastSourceLo) {
      // Unchanged (two different documents share a 128-bit hash with negligible probability).
      return;
    }
    out.collect(
        DocumentWrite.upsert(
            index,
            MemberDocument.documentId(m.communityId, m.memberId),
            m.nextRevision(now),
            source,
            m.communityId));
    m.lastSourceKnown = true;
    m.lastSourceHi = hash.hi;
    m.lastSourceLo = hash.lo;
    documents.inc();
  }

  private void clear(MemberState m) {
    clearedRevisionFloor = Math.max(clearedRevisionFloor, m.revision);
    days.clear();
    member.clear();
    pending.clear();
  }
}
