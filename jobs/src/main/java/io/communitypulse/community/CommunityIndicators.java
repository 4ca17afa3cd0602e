package io.communitypulse.community;

import io.communitypulse.indicators.AsOfDay;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.indicators.Windows;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.state.BulkTypeInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * Keeps one community's daily figures (key {@link CommunitySignal#key()}, the community_id) and
 * writes the community documents of SPEC §5 to {@code pulse-communities}: one per UTC day from the
 * day of the community's first accepted event to the as-of day, id {@code
 * <community_id>/<yyyy-mm-dd>}, rewritten whenever its figures change. The figures are computed in
 * {@link CommunityFigures}.
 *
 * <p><b>health_index</b> ({@link HealthIndex}), 0–100: {@code round(100 × Σ w·s / Σ w, 1 decimal)}
 * over the components stickiness {@code min(1, stickiness / 0.3)} (w 25), response_rate_24h (w 25),
 * responsiveness {@code 1} at a median first response ≤ 60 min, linear to {@code 0} at 1440 min (w
 * 15), reciprocity {@code min(1, reciprocity_28d / 0.5)} (w 15) and contribution {@code min(1,
 * (creators + contributors) / active_members_28d / 0.3)} (w 20). A component whose input is null is
 * left out and the other weights re-normalised; all null gives null.
 *
 * <p><b>As-of day and finality.</b> The UTC day of the watermark; before the first watermark
 * (Long.MIN) and at the end of a bounded input (Long.MAX) the latest signal day seen, never earlier
 * than the as-of day used before. The documents of the 28 days ending with the as-of day can still
 * change; older ones are final, and signals dated before that window are dropped (counted).
 *
 * <p><b>When documents are written.</b> Not per signal: a community key sees every event of the
 * community, and one signal can change up to 28 documents, each summed over 28 days. A signal only
 * updates its day bucket and marks the earliest changed day; an event-time timer just after the
 * current watermark then refreshes once per watermark advance, recomputing the documents from the
 * earliest changed day (or the first new day) to the as-of day and writing those whose JSON
 * changed. A timer at the next UTC midnight rolls the windows forward, so quiet days get their
 * documents too; days a jumping watermark skips still get their one document, even when already
 * older than the window. At the end of input (watermark Long.MAX) the refresh is immediate.
 *
 * <p><b>Batching.</b> A signal is only appended to a pending list; when the watermark next advances
 * the pending signals go into their days, reading and writing each touched day once. With a refresh
 * interval, rebuilding the documents waits until that much processing time has passed since the
 * last rebuild: the documents are daily figures, and rebuilding up to 28 of them, each over 28 days
 * of members, at every watermark costs more than it shows (on RocksDB every bucket read is a
 * deserialisation).
 *
 * <p><b>State.</b> One {@link CommunityDay} per UTC day in the 55 days ending with the as-of day
 * (the 28 re-writable documents each need their own 28-day window) and any days ahead of it (a
 * watermark that jumps keeps, for one refresh, what the skipped days' documents need); each holds
 * per-member counts of the members active that day, visitors, reply pairs, the POSTs' first
 * responses and the last document written. Plus one first-own-event day per member ever seen (a
 * {@code MapState<String, Long>}, about the size of the member id plus 8 bytes per member, never
 * pruned: {@code new_members_1d} needs the first-ever day, not the first in 28 days). A member's
 * first day only moves earlier: withdrawing their first own event does not move it later.
 *
 * <p><b>Reciprocity.</b> Self pairs (a member replying to their own post) are excluded: {@link
 * CommunitySignal#fromCredit} does not produce them and this function ignores any that arrive.
 *
 * <p><b>Versions.</b> One revision per community, {@code max(last + 1, processing time now)},
 * shared by all its day documents: strictly growing within a run and ahead of every version written
 * before a restore. An unchanged document is not written again.
 */
public class CommunityIndicators
    extends KeyedProcessFunction<String, CommunitySignal, DocumentWrite> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommunityIndicators.class);

  static final long DAY_MILLIS = 86_400_000L;

  private final String index;
  private final IndicatorSettings settings;

  private transient MapState<Long, CommunityDay> days;
  private transient ListState<CommunitySignal> pending;
  private transient MapState<String, Long> memberFirstDays;
  private transient ValueState<CommunityState> community;

  /** The as-of day at the end of a bounded input, or null. */
  private final Long endOfInputAsOfDay;

  private final long refreshIntervalMillis;

  private transient Counter ignoredSignals;
  private transient Counter tooOldSignals;
  private transient Counter documents;

  /** Writes to {@link Aliases#COMMUNITIES} with the SPEC's level rules. */
  public CommunityIndicators() {
    this(Aliases.COMMUNITIES, IndicatorSettings.defaults());
  }

  /**
   * @param index the alias to write community documents to (with the deployment's prefix, if any)
   * @param settings the level thresholds, shared with the member documents
   */
  public CommunityIndicators(String index, IndicatorSettings settings) {
    this(index, settings, null);
  }

  /**
   * @param endOfInputAsOfDay for a bounded input, the UTC epoch day of its latest accepted event
   *     (SPEC §5: the as-of day at the end of a replay, the same for every community); null when
   *     unknown
   */
  public CommunityIndicators(String index, IndicatorSettings settings, Long endOfInputAsOfDay) {
    this(index, settings, endOfInputAsOfDay, Duration.ZERO);
  }

  /**
   * @param refreshInterval the least processing time between two refreshes of a community's
   *     documents (zero: at every watermark advance)
   */
  public CommunityIndicators(
      String index, IndicatorSettings settings, Long endOfInputAsOfDay, Duration refreshInterval) {
    if (refreshInterval == null || refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refresh interval must not be negative");
    }
    this.refreshIntervalMillis = refreshInterval.toMillis();
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

  static MapStateDescriptor<Long, CommunityDay> daysDescriptor() {
    return new MapStateDescriptor<>(
        "community-days", Types.LONG, BulkTypeInfo.of(CommunityDay.class));
  }

  static MapStateDescriptor<String, Long> memberFirstDaysDescriptor() {
    return new MapStateDescriptor<>("community-member-first-days", BulkTypeInfo.STRING, Types.LONG);
  }

  /** Signals received since the last refresh, applied to their days all at once by it. */
  static ListStateDescriptor<CommunitySignal> pendingDescriptor() {
    return new ListStateDescriptor<>(
        "community-pending-signals", BulkTypeInfo.of(CommunitySignal.class));
  }

  static ValueStateDescriptor<CommunityState> communityDescriptor() {
    return new ValueStateDescriptor<>("community-state", BulkTypeInfo.of(CommunityState.class));
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getMapState(daysDescriptor());
    pending = getRuntimeContext().getListState(pendingDescriptor());
    memberFirstDays = getRuntimeContext().getMapState(memberFirstDaysDescriptor());
    community = getRuntimeContext().getState(communityDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("communityIndicators");
    ignoredSignals = metrics.counter("ignoredSignals");
    tooOldSignals = metrics.counter("tooOldSignals");
    documents = metrics.counter("communityDocuments");
  }

  @Override
  public void processElement(CommunitySignal signal, Context ctx, Collector<DocumentWrite> out)
      throws Exception {
    if (!isWellFormed(signal)) {
      ignoredSignals.inc();
      LOG.debug("Ignoring malformed or self-addressed {}", signal);
      return;
    }
    CommunityState c = community.value();
    if (c == null) {
      c = new CommunityState();
      c.communityId = signal.communityId;
    }
    long watermark = ctx.timerService().currentWatermark();
    long latestDay =
        c.latestDay == CommunityState.NONE ? signal.day : Math.max(c.latestDay, signal.day);
    long asOf = AsOfDay.of(c.asOfDay, latestDay, watermark, endOfInputAsOfDay);
    if (!isRewritable(asOf, signal.day)) {
      tooOldSignals.inc();
      LOG.debug("Dropping {}: its day's document is final as of day {}", signal, asOf);
      return;
    }
    c.latestDay = latestDay;
    if (signal.sign > 0) {
      c.firstDay =
          c.firstDay == CommunityState.NONE ? signal.day : Math.min(c.firstDay, signal.day);
    }
    c.touched(signal.day);
    // Only appended here: a day bucket holds every member active that day, so reading and
    // writing it per signal costs O(members) per event (on RocksDB a full (de)serialisation).
    pending.add(signal);
    if (watermark == Long.MAX_VALUE) {
      // The input has ended: no later watermark will fire a timer.
      applyPending(c, asOf);
      refresh(c, ctx.timerService(), out);
    } else {
      // Coalesce: one refresh when the watermark next advances, however many signals come first.
      ctx.timerService().registerEventTimeTimer(watermark + 1);
    }
    community.update(c);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DocumentWrite> out)
      throws Exception {
    CommunityState c = community.value();
    if (c == null) {
      return;
    }
    TimerService timers = ctx.timerService();
    long now = timers.currentProcessingTime();
    // The batch goes into the day buckets at every watermark, so the pending list stays small.
    applyPending(
        c, AsOfDay.of(c.asOfDay, c.latestDay, timers.currentWatermark(), endOfInputAsOfDay));
    if (refreshIntervalMillis > 0
        && timers.currentWatermark() != Long.MAX_VALUE
        && c.lastRefreshAt != CommunityState.NONE
        && now < c.lastRefreshAt + refreshIntervalMillis) {
      // Throttled: rebuild the documents at a later watermark (end of input rebuilds at once).
      timers.registerEventTimeTimer(timers.currentWatermark() + 1);
      return;
    }
    refresh(c, timers, out);
    c.lastRefreshAt = now;
    community.update(c);
  }

  /** Adds the pending signals to their day buckets, reading and writing each bucket once. */
  private void applyPending(CommunityState c, long asOf) throws Exception {
    Iterable<CommunitySignal> signals = pending.get();
    if (signals == null) {
      return;
    }
    Map<Long, CommunityDay> touched = new HashMap<>();
    for (CommunitySignal signal : signals) {
      bucket(signal.day, touched).add(signal);
      if (signal.kind == CommunitySignal.Kind.ACTIVE && signal.sign > 0) {
        firstOwnEvent(signal.member, signal.day, asOf, touched);
      }
    }
    for (Map.Entry<Long, CommunityDay> e : touched.entrySet()) {
      days.put(e.getKey(), e.getValue());
    }
    pending.clear();
  }

  /**
   * Whether a day's document may still change: inside the 28-day window of the as-of day or later.
   */
  static boolean isRewritable(long asOfDay, long day) {
    return day > asOfDay - Windows.LONG_DAYS;
  }

  private static boolean isWellFormed(CommunitySignal s) {
    if (s.communityId == null || s.kind == null || s.count < 0) {
      return false;
    }
    return switch (s.kind) {
      case ACTIVE, POST, REPLY, REACTION, SHARE, ANSWER_ACCEPTED, VISIT -> s.member != null;
      case REPLY_PAIR -> s.member != null && s.other != null && !s.member.equals(s.other);
      case FIRST_RESPONSE -> s.postId != null && s.sign > 0;
      case REFERRAL_VISIT, REFERRAL_CONVERSION -> true;
    };
  }

  /** A day's bucket, read from state at most once per batch of signals. */
  private CommunityDay bucket(long day, Map<Long, CommunityDay> touched) throws Exception {
    CommunityDay bucket = touched.get(day);
    if (bucket == null) {
      bucket = days.get(day);
      if (bucket == null) {
        bucket = CommunityDay.empty(day);
      }
      touched.put(day, bucket);
    }
    return bucket;
  }

  /** Moves a member's first own-event day earlier, keeping new_members_1d of both days right. */
  private void firstOwnEvent(String member, long day, long asOf, Map<Long, CommunityDay> touched)
      throws Exception {
    Long previous = memberFirstDays.get(member);
    if (previous != null && previous <= day) {
      return;
    }
    memberFirstDays.put(member, day);
    bucket(day, touched).newMembers++;
    if (previous != null && isRewritable(asOf, previous)) {
      bucket(previous, touched).newMembers--;
    }
  }

  /** Prunes, rewrites the documents that changed, and arms the next day-boundary timer. */
  private void refresh(CommunityState c, TimerService timers, Collector<DocumentWrite> out)
      throws Exception {
    long watermark = timers.currentWatermark();
    long previousAsOf = c.asOfDay;
    long asOf = AsOfDay.of(previousAsOf, c.latestDay, watermark, endOfInputAsOfDay);
    c.asOfDay = asOf;
    long from = Long.MAX_VALUE;
    if (c.firstDay != CommunityState.NONE) {
      // Days never written yet get their document however old (a watermark may jump weeks);
      // days already written are rewritten only inside the 28-day window.
      from = previousAsOf == CommunityState.NONE ? c.firstDay : previousAsOf + 1;
      if (c.dirtyFrom != CommunityState.NONE) {
        from = Math.min(from, Math.max(c.dirtyFrom, asOf - Windows.LONG_DAYS + 1));
      }
      from = Math.max(from, c.firstDay);
    }
    // Keep every bucket a document from `from` (or the oldest re-writable one) still sums over.
    long keepFrom = Math.min(from, asOf - Windows.LONG_DAYS + 1) - Windows.LONG_DAYS + 1;
    NavigableMap<Long, CommunityDay> kept = new TreeMap<>();
    for (Iterator<Map.Entry<Long, CommunityDay>> it = days.iterator(); it.hasNext(); ) {
      Map.Entry<Long, CommunityDay> e = it.next();
      if (e.getKey() >= keepFrom) {
        kept.put(e.getKey(), e.getValue());
      } else {
        it.remove();
      }
    }
    for (long day = from; day <= asOf; day++) {
      emitIfChanged(c, day, kept, timers.currentProcessingTime(), out);
    }
    c.dirtyFrom = CommunityState.NONE;
    if (watermark != Long.MAX_VALUE && c.firstDay != CommunityState.NONE) {
      // Roll the windows forward at the next UTC midnight, even if nobody acts.
      timers.registerEventTimeTimer((asOf + 1) * DAY_MILLIS);
    }
  }

  private void emitIfChanged(
      CommunityState c,
      long day,
      NavigableMap<Long, CommunityDay> buckets,
      long now,
      Collector<DocumentWrite> out)
      throws Exception {
    byte[] source = CommunityFigures.of(day, buckets, settings).toBytes(c.communityId);
    CommunityDay bucket = buckets.get(day);
    if (bucket != null && Arrays.equals(source, bucket.lastSource)) {
      return;
    }
    if (bucket == null) {
      // A quiet day: the bucket only remembers what was written.
      bucket = CommunityDay.empty(day);
      buckets.put(day, bucket);
    }
    bucket.lastSource = source;
    days.put(day, bucket);
    out.collect(
        DocumentWrite.upsert(
            index,
            CommunityFigures.documentId(c.communityId, day),
            c.nextRevision(now),
            source,
            c.communityId));
    documents.inc();
  }
}
