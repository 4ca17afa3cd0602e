package io.communitypulse.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * A {@link ForgettingStage} in Flink's keyed-broadcast test harness, as the job runs it: the
 * stage's elements on the keyed input, {@link Erasure}s on the broadcast input, {@code
 * pipeline.generic- types: false} (so it is built here rather than with {@code
 * ProcessFunctionTestHarnesses}, which opens the harness before the serializer config can be set).
 * It adds what the erasure tests look at: which keys hold state, the suppression list, and a
 * snapshot to restore from.
 *
 * @param <K> the stage's key
 * @param <IN> what the stage receives
 * @param <OUT> what it emits
 */
public final class ForgettingHarness<K, IN, OUT> implements AutoCloseable {

  private final KeyedBroadcastOperatorTestHarness<K, IN, Erasure, OUT> harness;

  private ForgettingHarness(KeyedBroadcastOperatorTestHarness<K, IN, Erasure, OUT> harness) {
    this.harness = harness;
  }

  /** An opened harness around {@code stage}. */
  public static <K, IN, OUT> ForgettingHarness<K, IN, OUT> open(
      ForgettingStage<K, IN, OUT> stage, KeySelector<IN, K> key, TypeInformation<K> keyType)
      throws Exception {
    return restore(stage, key, keyType, null);
  }

  /** An opened harness around {@code stage}, its state restored from {@code snapshot}. */
  public static <K, IN, OUT> ForgettingHarness<K, IN, OUT> restore(
      ForgettingStage<K, IN, OUT> stage,
      KeySelector<IN, K> key,
      TypeInformation<K> keyType,
      OperatorSubtaskState snapshot)
      throws Exception {
    KeyedBroadcastOperatorTestHarness<K, IN, Erasure, OUT> harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(stage, List.of(ErasedMembers.DESCRIPTOR)),
            key,
            keyType,
            1,
            1,
            0);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.setup();
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return new ForgettingHarness<>(harness);
  }

  /** The Flink harness itself, for what this class does not wrap. */
  public KeyedBroadcastOperatorTestHarness<K, IN, Erasure, OUT> harness() {
    return harness;
  }

  public void send(IN element, long timestamp) throws Exception {
    harness.processElement(element, timestamp);
  }

  /** Hands the stage an erasure request, as the broadcast input does. */
  public void erase(Erasure erasure) throws Exception {
    harness.processBroadcastElement(erasure, erasure.requestedAt);
  }

  /** Advances the watermark of both inputs (the job's erasure input is idle, so never holds it). */
  public void watermark(long time) throws Exception {
    harness.watermark(time);
  }

  /** Sets the wall clock: suppression runs on it, from each request's {@code requestedAt}. */
  public void processingTime(long time) throws Exception {
    harness.setProcessingTime(time);
  }

  /** The main output since the last drain. */
  public List<OUT> drain() {
    List<OUT> out = harness.extractOutputValues();
    harness.getOutput().clear();
    return out;
  }

  /** The values of a side output since its last drain. */
  public <X> List<X> drain(OutputTag<X> tag) {
    List<X> out = new ArrayList<>();
    var records = harness.getSideOutput(tag);
    if (records != null) {
      for (StreamRecord<X> r : records) {
        out.add(r.getValue());
      }
      records.clear();
    }
    return out;
  }

  /** Every key/state pair held, over all the stage's states (Flink's own count). */
  public int numKeyedStateEntries() {
    KeyedStateBackend<K> backend = harness.getOperator().getKeyedStateBackend();
    if (backend instanceof HeapKeyedStateBackend<K> heap) {
      return heap.numKeyValueStateEntries();
    }
    throw new UnsupportedOperationException("only the heap backend counts its entries");
  }

  /** The keys that hold any of the named states. */
  public Set<K> keysWith(String... stateNames) {
    KeyedStateBackend<K> backend = harness.getOperator().getKeyedStateBackend();
    Set<K> keys = new TreeSet<>();
    for (String name : stateNames) {
      try (Stream<K> stream = backend.getKeys(name, VoidNamespace.INSTANCE)) {
        keys.addAll(stream.collect(Collectors.toSet()));
      }
    }
    return keys;
  }

  /** Points the stage's state handles at {@code key}, to read what it holds. */
  public void atKey(K key) {
    harness.getOperator().getKeyedStateBackend().setCurrentKey(key);
  }

  /** The suppression list as the broadcast state holds it: member hash to suppressed-until. */
  public Map<String, Long> suppressionList() throws Exception {
    Map<String, Long> list = new HashMap<>();
    for (Map.Entry<String, Long> e :
        harness.getBroadcastState(ErasedMembers.DESCRIPTOR).entries()) {
      list.put(e.getKey(), e.getValue());
    }
    return list;
  }

  public OperatorSubtaskState snapshot(long checkpointId) throws Exception {
    return harness.snapshot(checkpointId, checkpointId);
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
