package io.communitypulse.ingest;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Rejection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step after a source: dead letters go to the {@link #DEAD_LETTERS} side output, and
 * events that are late <em>in their own partition</em> join them with reason {@code LATE}.
 *
 * <p>Why per partition: the job's combined watermark depends on how fast each partition happens to
 * be read, so judging lateness against it would let a replay of the same input classify an event
 * differently. Kafka keeps each partition's order, so "more than the allowed lateness behind the
 * partition's own watermark (its highest event time minus the out-of-orderness)" gives the same
 * answer on every replay and after every restore: the maxima are checkpointed (union state, so a
 * rescale hands every subtask every partition's maximum).
 */
public final class InputScreen extends ProcessFunction<DecodedInput, DecodedInput>
    implements CheckpointedFunction {

  /** Every record the job rejects, from any stage of ingest. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final long outOfOrderness;
  private final long allowedLateness;
  private final Map<String, Long> maxTimestampByPartition = new HashMap<>();
  private transient ListState<Tuple2<String, Long>> checkpointed;
  private transient Counter late;

  public InputScreen(EventTimeSettings settings) {
    this.outOfOrderness = settings.outOfOrderness().toMillis();
    this.allowedLateness = settings.allowedLateness().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().addGroup("ingest").counter("late");
  }

  @Override
  public void processElement(DecodedInput input, Context ctx, Collector<DecodedInput> out) {
    if (input.isDeadLetter()) {
      ctx.output(DEAD_LETTERS, input.deadLetter);
      return;
    }
    String partition = input.sourceTopic + "-" + input.sourcePartition;
    long at = input.occurredAtMillis();
    Long max = maxTimestampByPartition.get(partition);
    if (max != null && at < max - outOfOrderness - allowedLateness) {
      late.inc();
      ctx.output(DEAD_LETTERS, LateEvents.deadLetter(input, max - outOfOrderness));
      return;
    }
    if (max == null || at > max) {
      maxTimestampByPartition.put(partition, at);
    }
    out.collect(input);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.clear();
    for (Map.Entry<String, Long> e : maxTimestampByPartition.entrySet()) {
      checkpointed.add(Tuple2.of(e.getKey(), e.getValue()));
    }
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "partition-max-event-time",
                    TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {})));
    for (Tuple2<String, Long> e : checkpointed.get()) {
      maxTimestampByPartition.merge(e.f0, e.f1, Math::max);
    }
  }

  /** The rejection for a late event, shared with the keyed safety net. */
  static Rejection lateRejection(long occurredAt, long watermark) {
    return new Rejection(
        RejectReason.LATE,
        "occurred_at is "
            + Duration.ofMillis(watermark - occurredAt)
            + " behind the watermark, more than the allowed lateness");
  }
}
