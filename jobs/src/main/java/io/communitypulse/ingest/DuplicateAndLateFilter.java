package io.communitypulse.ingest;

import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops duplicates, keyed by community and {@code event_id}, and catches the rare late event that
 * {@link InputScreen} could not see.
 *
 * <p>An event whose id was already seen in the same community within the dedup window (event time)
 * is a duplicate: dropped and counted. The first sighting is kept until the watermark passes it
 * plus the window, then cleared by a timer, so state is bounded by the window. The lateness check
 * against the combined watermark is a safety net: it only fires when an idle partition's watermark
 * moved ahead on the wall clock, and it protects later stages, which purge state at watermark −
 * allowed lateness.
 */
public final class DuplicateAndLateFilter
    extends KeyedProcessFunction<String, DecodedInput, DecodedInput> {

  /** Key: an event id is unique per community. */
  public static final KeySelector<DecodedInput, String> EVENT_KEY =
      input -> input.communityId() + "/" + input.eventId();

  private final long allowedLateness;
  private final long dedupWindow;

  private transient ValueState<Long> firstSeenAt;

  /** Accumulator name: bounded runs ({@code ./pulse replay}) report it at the end. */
  public static final String DUPLICATES_ACCUMULATOR = "duplicates";

  private transient Counter duplicates;
  private transient LongCounter duplicatesTotal;
  private transient Counter late;

  public DuplicateAndLateFilter(Duration allowedLateness, Duration dedupWindow) {
    this.allowedLateness = allowedLateness.toMillis();
    this.dedupWindow = dedupWindow.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    firstSeenAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen-at", Types.LONG));
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
    Long seen = firstSeenAt.value();
    if (seen != null && Math.abs(at - seen) < dedupWindow) {
      duplicates.inc();
      duplicatesTotal.add(1L);
      return;
    }
    if (seen == null || at > seen) {
      firstSeenAt.update(at);
      ctx.timerService().registerEventTimeTimer(at + dedupWindow);
    }
    out.collect(input);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecodedInput> out)
      throws Exception {
    Long seen = firstSeenAt.value();
    if (seen != null && timestamp >= seen + dedupWindow) {
      firstSeenAt.clear();
    }
  }
}
