package io.communitypulse.ingest;

import io.communitypulse.state.Hash128;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops duplicates and catches the rare late event that {@link InputScreen} could not see: an event
 * whose id was already seen in the same community within the dedup window (event time) is dropped
 * and counted, and one more than the allowed lateness behind the combined watermark is
 * dead-lettered, a safety net for the later stages. Ids are remembered as 128-bit {@link Hash128}s
 * under {@link #KEYS} keys with one prune timer per key; the rule, that layout and why false
 * duplicates are negligible are in docs/semantics.md, "Duplicates". {@link #KEYS} and the hash are
 * part of the state format: changing either makes the remembered ids unreachable.
 */
public final class DuplicateAndLateFilter
    extends KeyedProcessFunction<Integer, DecodedInput, DecodedInput> {

  /** How many keys event ids are spread over (32 per key group at max parallelism 128). */
  static final int KEYS = 4096;

  /**
   * A key is pruned at most every {@code window / PRUNE_SLICES}: an id is held at most that long
   * after it is forgotten.
   */
  public static final int PRUNE_SLICES = 8;

  /** Key: the {@link Hash128} of {@code community_id/event_id}, modulo {@link #KEYS}. */
  public static final KeySelector<DecodedInput, Integer> EVENT_KEY = new EventKey();

  /** Accumulator name: bounded runs ({@code ./pulse replay}) report it at the end. */
  public static final String DUPLICATES_ACCUMULATOR = "duplicates";

  private final long allowedLateness;
  private final long dedupWindow;
  private final long pruneInterval;

  private transient MapState<Tuple2<Long, Long>, Long> seen;
  private transient ValueState<Long> pruneAt;
  private transient Counter duplicates;
  private transient LongCounter duplicatesTotal;
  private transient Counter late;

  public DuplicateAndLateFilter(EventTimeSettings settings) {
    this.allowedLateness = settings.allowedLateness().toMillis();
    this.dedupWindow = settings.dedupWindow().toMillis();
    this.pruneInterval = Math.max(1, this.dedupWindow / PRUNE_SLICES);
  }

  /** The key of {@link #EVENT_KEY}; declares its type (an int, not a generic type). */
  static final class EventKey
      implements KeySelector<DecodedInput, Integer>, ResultTypeQueryable<Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(DecodedInput input) {
      return keyOf(hash(input));
    }

    @Override
    public TypeInformation<Integer> getProducedType() {
      return Types.INT;
    }
  }

  /** Sighting time by id hash ({@code hi}, {@code lo}); only of this key's ids. */
  static Hash128 hash(DecodedInput input) {
    return hash(input.communityId(), input.eventId());
  }

  /**
   * {@code community_id} cannot contain {@code /} (docs/producing-events.md, "Refused events"), so
   * the input is unambiguous.
   */
  static Hash128 hash(String communityId, String eventId) {
    return Hash128.of((communityId + "/" + eventId).getBytes(StandardCharsets.UTF_8));
  }

  /** Which key an id falls to: from the hash's high half, modulo {@link #KEYS}. */
  static int keyOf(Hash128 id) {
    return (int) Long.remainderUnsigned(id.hi, KEYS);
  }

  static MapStateDescriptor<Tuple2<Long, Long>, Long> seenDescriptor() {
    return new MapStateDescriptor<>(
        "seen-event-ids", Types.TUPLE(Types.LONG, Types.LONG), Types.LONG);
  }

  /** The registered prune timer of this key, or absent when none is. */
  static ValueStateDescriptor<Long> pruneAtDescriptor() {
    return new ValueStateDescriptor<>("prune-at", Types.LONG);
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getMapState(seenDescriptor());
    pruneAt = getRuntimeContext().getState(pruneAtDescriptor());
    duplicates = getRuntimeContext().getMetricGroup().addGroup("ingest").counter("duplicates");
    duplicatesTotal = getRuntimeContext().getLongCounter(DUPLICATES_ACCUMULATOR);
    late = getRuntimeContext().getMetricGroup().addGroup("ingest").counter("late");
  }

  @Override
  public void processElement(DecodedInput input, Context ctx, Collector<DecodedInput> out)
      throws Exception {
    long at = input.occurredAtMillis();
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && at < watermark - allowedLateness) {
      late.inc();
      ctx.output(InputScreen.DEAD_LETTERS, LateEvents.deadLetter(input, watermark));
      return;
    }
    Hash128 id = hash(input);
    Tuple2<Long, Long> hash = Tuple2.of(id.hi, id.lo);
    Long seenAt = seen.get(hash);
    boolean remembered = seenAt != null && watermark < seenAt + dedupWindow;
    if (remembered && Math.abs(at - seenAt) < dedupWindow) {
      duplicates.inc();
      duplicatesTotal.add(1L);
      return;
    }
    if (!remembered || at > seenAt) {
      seen.put(hash, at);
      if (pruneAt.value() == null) {
        schedulePrune(at + dedupWindow, ctx.timerService());
      }
    }
    out.collect(input);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecodedInput> out)
      throws Exception {
    long forgetUpTo = timestamp - dedupWindow;
    long earliest = Long.MAX_VALUE;
    for (Iterator<Map.Entry<Tuple2<Long, Long>, Long>> it = seen.iterator(); it.hasNext(); ) {
      long seenAt = it.next().getValue();
      if (seenAt <= forgetUpTo) {
        it.remove();
      } else {
        earliest = Math.min(earliest, seenAt);
      }
    }
    if (earliest == Long.MAX_VALUE) {
      seen.clear();
      pruneAt.clear();
      return;
    }
    schedulePrune(Math.max(earliest + dedupWindow, timestamp + pruneInterval), ctx.timerService());
  }

  private void schedulePrune(long at, TimerService timers) throws Exception {
    timers.registerEventTimeTimer(at);
    pruneAt.update(at);
  }
}
