package io.communitypulse.privacy;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.util.OutputTag;

/**
 * What a stage may touch while it forgets a member: every key's state (Flink's {@code
 * applyToKeyedState}: inside the function the state handles of the stage act on the key being
 * visited), its main and side outputs, and its clocks.
 */
public interface StageState<K, OUT> {

  /** Visits every key that has state under {@code descriptor}. */
  <S extends State, V> void forEachKey(
      StateDescriptor<S, V> descriptor, KeyedStateFunction<K, S> function) throws Exception;

  /** The stage's state handles: within {@link #forEachKey} they act on the key visited. */
  RuntimeContext states();

  void emit(OUT record);

  <X> void output(OutputTag<X> tag, X record);

  long currentWatermark();

  long currentProcessingTime();
}
