package io.communitypulse.privacy;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A keyed stage that also hears erasure requests (broadcast to all its subtasks): it runs the
 * stage's own function unchanged, keeps the suppression list ({@link ErasedMembers}) in broadcast
 * state, lets the stage {@link ForgetsMembers#screen screen} each element while the list is not
 * empty, and hands each erasure to {@link ForgetsMembers#forget}. The stage's function stays a
 * plain {@link KeyedProcessFunction}, so its tests and its state are those of before; only the
 * erasure side is added (docs/privacy.md).
 *
 * @param <K> the stage's key
 * @param <IN> what the stage receives
 * @param <OUT> what it emits
 */
public final class ForgettingStage<K, IN, OUT>
    extends KeyedBroadcastProcessFunction<K, IN, Erasure, OUT> {

  private static final long serialVersionUID = 1L;

  private final KeyedProcessFunction<K, IN, OUT> function;
  private final ForgetsMembers<K, IN, OUT> forgetting;
  private final long suppressForMillis;

  private transient ErasedMembers erased;
  private transient Counter suppressed;
  private transient Counter erasures;
  private transient ElementContext elementContext;
  private transient TimerContext timerContext;

  /**
   * @param function the stage's own function
   * @param forgetting what the stage does about erased members (often {@code function} itself)
   * @param suppressFor how long after a request the member's events are dropped; zero for never
   */
  public ForgettingStage(
      KeyedProcessFunction<K, IN, OUT> function,
      ForgetsMembers<K, IN, OUT> forgetting,
      Duration suppressFor) {
    this.function = function;
    this.forgetting = forgetting;
    this.suppressForMillis = suppressFor.toMillis();
  }

  /** For a stage whose function is its own {@link ForgetsMembers}. */
  public static <
          K, IN, OUT, F extends KeyedProcessFunction<K, IN, OUT> & ForgetsMembers<K, IN, OUT>>
      ForgettingStage<K, IN, OUT> of(F function, Duration suppressFor) {
    return new ForgettingStage<>(function, function, suppressFor);
  }

  @Override
  public void setRuntimeContext(RuntimeContext context) {
    super.setRuntimeContext(context);
    function.setRuntimeContext(context);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    function.open(openContext);
    suppressed = getRuntimeContext().getMetricGroup().counter("erasedMemberEventsDropped");
    erasures = getRuntimeContext().getMetricGroup().counter("erasuresApplied");
    elementContext = new ElementContext();
    timerContext = new TimerContext();
  }

  @Override
  public void close() throws Exception {
    function.close();
  }

  @Override
  public void processElement(IN value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
    long now = ctx.currentProcessingTime();
    if (erased == null || erased.isOutdated(now)) {
      erased = ErasedMembers.of(ctx.getBroadcastState(ErasedMembers.DESCRIPTOR), now);
    }
    IN element = value;
    if (!erased.isEmpty()) {
      element = forgetting.screen(value, erased, now);
      if (element == null) {
        suppressed.inc();
        return;
      }
    }
    elementContext.outer = ctx;
    function.processElement(element, elementContext, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    timerContext.outer = ctx;
    function.onTimer(timestamp, timerContext, out);
  }

  @Override
  public void processBroadcastElement(Erasure erasure, Context ctx, Collector<OUT> out)
      throws Exception {
    BroadcastState<String, Long> list = ctx.getBroadcastState(ErasedMembers.DESCRIPTOR);
    ErasedMembers.record(list, erasure, suppressForMillis, ctx.currentProcessingTime());
    erased = ErasedMembers.of(list, ctx.currentProcessingTime());
    forgetting.forget(
        erasure,
        new StageState<>() {
          @Override
          public <S extends State, V> void forEachKey(
              StateDescriptor<S, V> descriptor, KeyedStateFunction<K, S> visit) throws Exception {
            ctx.applyToKeyedState(descriptor, visit);
          }

          @Override
          public RuntimeContext states() {
            return getRuntimeContext();
          }

          @Override
          public void emit(OUT record) {
            out.collect(record);
          }

          @Override
          public <X> void output(OutputTag<X> tag, X record) {
            ctx.output(tag, record);
          }

          @Override
          public long currentWatermark() {
            return ctx.currentWatermark();
          }

          @Override
          public long currentProcessingTime() {
            return ctx.currentProcessingTime();
          }
        });
    erasures.inc();
  }

  /** The stage function's view of an element's context. */
  private final class ElementContext extends KeyedProcessFunction<K, IN, OUT>.Context {
    ReadOnlyContext outer;

    ElementContext() {
      function.super();
    }

    @Override
    public Long timestamp() {
      return outer.timestamp();
    }

    @Override
    public TimerService timerService() {
      return outer.timerService();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      outer.output(tag, value);
    }

    @Override
    public K getCurrentKey() {
      return outer.getCurrentKey();
    }
  }

  /** The stage function's view of a timer's context. */
  private final class TimerContext extends KeyedProcessFunction<K, IN, OUT>.OnTimerContext {
    OnTimerContext outer;

    TimerContext() {
      function.super();
    }

    @Override
    public Long timestamp() {
      return outer.timestamp();
    }

    @Override
    public TimerService timerService() {
      return outer.timerService();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      outer.output(tag, value);
    }

    @Override
    public TimeDomain timeDomain() {
      return outer.timeDomain();
    }

    @Override
    public K getCurrentKey() {
      return outer.getCurrentKey();
    }
  }
}
