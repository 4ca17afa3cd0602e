package io.communitypulse.community;

import io.communitypulse.indicators.AsOfDay;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import io.communitypulse.privacy.Retention;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.state.BulkTypeInfo;
import io.communitypulse.state.Hash128;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second phase of the community figures, keyed by community: adds up the {@link
 * CommunityDelta}s of each day (already summed per subtask by {@link CommunityDeltaCombiner}) and
 * writes one document per UTC day from the community's first event to the as-of day to {@code
 * pulse-communities}, id {@code <community_id>/<yyyy-mm-dd>}, again whenever its figures change. It
 * keeps counters and each day's first responses, never members: its work grows with the days that
 * change per watermark, not with events or members. Days are kept until the watermark is 28 days
 * past the day after which nothing but a late first response can change them (docs/semantics.md,
 * "Member and community figures").
 */
public class CommunityIndicators
    extends KeyedProcessFunction<String, CommunityDelta, DocumentWrite> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommunityIndicators.class);

  private final String index;
  private final SignalHorizon horizon;
  private final long refreshIntervalMillis;
  private final HealthSettings health;
  private final ValueThresholds value;

  /** The as-of day at the end of a bounded input, or null. */
  private final Long endOfInputAsOfDay;

  private final Retention retention;

  /**
   * The deletes of session and member documents past retention, due when a community's as-of day
   * moves (docs/privacy.md). A side output: they touch other indices, in no order with these
   * documents.
   */
  public static final OutputTag<DocumentWrite> RETENTION =
      new OutputTag<>("retention", TypeInformation.of(DocumentWrite.class));

  private transient MapState<Long, CommunityDayTotals> days;
  private transient ValueState<CommunityState> community;
  private transient Counter tooOldDeltas;
  private transient Counter documents;

  /**
   * @param index the alias to write community documents to (with the deployment's prefix, if any)
   * @param settings refresh interval, health index and value quadrant
   * @param horizon when signals stop reaching a day and when its figures are final
   * @param retention what to delete as the as-of day moves
   * @param endOfInputAsOfDay for a bounded input, the UTC epoch day of its latest accepted event;
   *     null when unknown
   */
  public CommunityIndicators(
      String index,
      CommunitySettings settings,
      SignalHorizon horizon,
      Retention retention,
      Long endOfInputAsOfDay) {
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException("index must not be blank");
    }
    this.index = index;
    this.horizon = horizon;
    this.refreshIntervalMillis = settings.refreshInterval().toMillis();
    this.health = settings.health();
    this.value = settings.value();
    this.endOfInputAsOfDay = endOfInputAsOfDay;
    this.retention = retention;
  }

  static MapStateDescriptor<Long, CommunityDayTotals> daysDescriptor() {
    return new MapStateDescriptor<>(
        "community-day-totals", Types.LONG, BulkTypeInfo.of(CommunityDayTotals.class));
  }

  static ValueStateDescriptor<CommunityState> communityDescriptor() {
    return new ValueStateDescriptor<>("community-state", BulkTypeInfo.of(CommunityState.class));
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getMapState(daysDescriptor());
    community = getRuntimeContext().getState(communityDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("communityIndicators");
    tooOldDeltas = metrics.counter("tooOldSignals");
    documents = metrics.counter("communityDocuments");
  }

  @Override
  public void processElement(CommunityDelta delta, Context ctx, Collector<DocumentWrite> out)
      throws Exception {
    TimerService timers = ctx.timerService();
    long watermark = timers.currentWatermark();
    if (SignalHorizon.isRunning(watermark) && delta.day < firstKeptDay(watermark)) {
      tooOldDeltas.inc();
      LOG.debug("Dropping {}: its day is final at watermark {}", delta, watermark);
      return;
    }
    CommunityState c = community.value();
    if (c == null) {
      c = new CommunityState();
      c.communityId = delta.communityId;
    }
    CommunityDayTotals totals = days.get(delta.day);
    if (totals == null) {
      totals = CommunityDayTotals.empty(delta.day);
    }
    totals.add(delta);
    days.put(delta.day, totals);
    if ((delta.get(CommunityCounter.ACTIVE_1D) > 0
        || delta.get(CommunityCounter.VISITORS_1D) > 0)) {
      c.hadEventOn(delta.day);
    }
    c.touched(delta.day);
    if (delta.get(CommunityCounter.POSTS) != 0 || delta.hasFirstResponses()) {
      // The 7-day response figures of the next seven days read this day's POSTs and responses.
      c.touched(delta.day + Windows.SHORT_DAYS);
    }
    community.update(c);
    if (watermark == Long.MAX_VALUE) {
      refresh(c, timers, out, ctx);
    } else {
      timers.registerEventTimeTimer(watermark + 1);
    }
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
    if (refreshIntervalMillis > 0
        && timers.currentWatermark() != Long.MAX_VALUE
        && c.lastRefreshAt != CommunityState.NONE
        && now < c.lastRefreshAt + refreshIntervalMillis) {
      // Throttled: rebuild at a later watermark (the end of input rebuilds at once).
      timers.registerEventTimeTimer(timers.currentWatermark() + 1);
      return;
    }
    c.lastRefreshAt = now;
    refresh(c, timers, out, ctx);
  }

  /**
   * The earliest day still kept: signals reach days from the horizon on, late first responses the
   * 28 days before it, and the 7-day response figures of those read the seven days before them.
   */
  private long firstKeptDay(long watermark) {
    return horizon.openDay(watermark) - Windows.LONG_DAYS - Windows.SHORT_DAYS;
  }

  /** The latest day that is final at this watermark, or {@link CommunityState#NONE}. */
  private long lastFinalDay(long watermark) {
    if (watermark == Long.MAX_VALUE) {
      return Long.MAX_VALUE; // the input has ended: nothing can change any more
    }
    if (watermark == Long.MIN_VALUE) {
      return CommunityState.NONE;
    }
    return UtcDays.of(watermark - horizon.finalAfterMillis()) - 1;
  }

  /** Writes every document that is missing or changed, prunes, arms the day-boundary timer. */
  private void refresh(
      CommunityState c, TimerService timers, Collector<DocumentWrite> out, Context ctx)
      throws Exception {
    if (c.firstDay == CommunityState.NONE) {
      community.update(c);
      return;
    }
    long watermark = timers.currentWatermark();
    long asOf = AsOfDay.of(c.asOfDay, watermark, endOfInputAsOfDay, c.latestDay);
    long now = timers.currentProcessingTime();
    // Missing days (before the first written one when an older event arrived, after the last) and
    // changed days, each once.
    long from =
        c.writtenFrom == CommunityState.NONE ? c.firstDay : Math.min(c.firstDay, c.writtenFrom);
    SortedSet<Long> due = new TreeSet<>();
    if (c.writtenFrom == CommunityState.NONE) {
      addRange(due, from, asOf);
    } else {
      addRange(due, from, c.writtenFrom - 1);
      addRange(due, Math.max(from, c.writtenTo + 1), asOf);
    }
    if (c.dirtyFrom != CommunityState.NONE) {
      addRange(due, Math.max(from, c.dirtyFrom), Math.min(asOf, c.dirtyTo));
    }
    // Days that became final since the last refresh: their documents say so now.
    long lastFinal = lastFinalDay(watermark);
    if (lastFinal != CommunityState.NONE) {
      long newlyFinalFrom =
          c.finalThrough == CommunityState.NONE ? from : Math.max(from, c.finalThrough + 1);
      addRange(due, newlyFinalFrom, Math.min(asOf, lastFinal));
      c.finalThrough = Math.max(c.finalThrough, Math.min(asOf, lastFinal));
    }
    DayLookup lookup = new DayLookup();
    for (long day : due) {
      emitIfChanged(c, day, day <= lastFinal && lastFinal != CommunityState.NONE, lookup, now, out);
    }
    if (asOf >= from) {
      c.writtenFrom = c.writtenFrom == CommunityState.NONE ? from : Math.min(c.writtenFrom, from);
      c.writtenTo = c.writtenTo == CommunityState.NONE ? asOf : Math.max(c.writtenTo, asOf);
    }
    // Changes to days after the as-of day stay marked: they are written when the day comes.
    if (c.dirtyTo != CommunityState.NONE && c.dirtyTo > asOf) {
      c.dirtyFrom = Math.max(c.dirtyFrom, asOf + 1);
    } else {
      c.dirtyFrom = CommunityState.NONE;
      c.dirtyTo = CommunityState.NONE;
    }
    if (c.asOfDay == CommunityState.NONE || asOf > c.asOfDay) {
      for (DocumentWrite delete : retention.sweep(c.communityId, asOf, c.firstDay)) {
        ctx.output(RETENTION, delete);
      }
      if (SignalHorizon.isRunning(watermark)) {
        prune(firstKeptDay(watermark));
      }
    }
    c.asOfDay = asOf;
    community.update(c);
    if (watermark != Long.MAX_VALUE) {
      // Roll forward at the next UTC midnight, even if nobody acts, and mark the next day final
      // when its time comes.
      timers.registerEventTimeTimer(UtcDays.start(asOf + 1));
      if (lastFinal != CommunityState.NONE) {
        timers.registerEventTimeTimer(UtcDays.start(lastFinal + 2) + horizon.finalAfterMillis());
      }
    }
  }

  private void emitIfChanged(
      CommunityState c,
      long day,
      boolean isFinal,
      DayLookup lookup,
      long now,
      Collector<DocumentWrite> out)
      throws Exception {
    byte[] source =
        CommunityFigures.of(c.communityId, day, lookup, isFinal, health, value).toJson();
    Hash128 hash = Hash128.of(source);
    CommunityDayTotals totals = lookup.apply(day);
    if (totals != null
        && totals.written
        && totals.lastSourceHi == hash.hi
        && totals.lastSourceLo == hash.lo) {
      return;
    }
    if (totals == null) {
      // A quiet day keeps the hash of its document too: the days after a change re-read it.
      totals = CommunityDayTotals.empty(day);
      lookup.remember(totals);
    }
    totals.written = true;
    totals.lastSourceHi = hash.hi;
    totals.lastSourceLo = hash.lo;
    days.put(day, totals);
    out.collect(
        DocumentWrite.upsert(
            index,
            CommunityDocument.documentId(c.communityId, day),
            c.nextRevision(now),
            source,
            c.communityId));
    documents.inc();
  }

  /**
   * Reads each day's totals from state at most once per refresh: a document reads its own day and
   * the seven before it, and the days of one refresh overlap.
   */
  private final class DayLookup implements LongFunction<CommunityDayTotals> {
    private final Map<Long, CommunityDayTotals> read = new HashMap<>();

    @Override
    public CommunityDayTotals apply(long day) {
      if (read.containsKey(day)) {
        return read.get(day);
      }
      try {
        CommunityDayTotals totals = days.get(day);
        read.put(day, totals);
        return totals;
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the totals of day " + day, e);
      }
    }

    void remember(CommunityDayTotals totals) {
      read.put(totals.day, totals);
    }
  }

  private static void addRange(SortedSet<Long> days, long from, long to) {
    for (long day = from; day <= to; day++) {
      days.add(day);
    }
  }

  private void prune(long firstKept) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long day : days.keys()) {
      if (day < firstKept) {
        old.add(day);
      }
    }
    for (Long day : old) {
      days.remove(day);
    }
  }
}
