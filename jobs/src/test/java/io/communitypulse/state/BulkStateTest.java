package io.communitypulse.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.StateMigrationException;
import org.junit.jupiter.api.Test;

/**
 * Bulk-written state in a real keyed state backend (heap): snapshot, restore, and restoring state
 * that the bare serializers wrote before the wrapper existed.
 */
class BulkStateTest {

  /**
   * Per key: the latest record in value state and per tag the latest record in map state. Emits
   * {@code key:tag=<member of the previous record with that tag>|<member of the previous latest>}.
   */
  static final class LatestByTag extends KeyedProcessFunction<String, String, String> {
    private final boolean bulk;
    private transient ValueState<SampleRecord> latest;
    private transient MapState<String, SampleRecord> byTag;

    LatestByTag(boolean bulk) {
      this.bulk = bulk;
    }

    @Override
    public void open(OpenContext openContext) {
      TypeInformation<SampleRecord> records = TypeInformation.of(SampleRecord.class);
      TypeInformation<String> tags = Types.STRING;
      if (bulk) {
        records = BulkTypeInfo.of(records);
        tags = BulkTypeInfo.STRING;
      }
      latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", records));
      byTag = getRuntimeContext().getMapState(new MapStateDescriptor<>("by-tag", tags, records));
    }

    /** {@code input}: {@code key member tag}. */
    @Override
    public void processElement(String input, Context ctx, Collector<String> out) throws Exception {
      String[] parts = input.split(" ");
      SampleRecord record = SampleRecord.of(parts[1], ctx.timestamp(), parts[2]);
      SampleRecord previousForTag = byTag.get(parts[2]);
      SampleRecord previous = latest.value();
      out.collect(
          parts[0]
              + ":"
              + parts[2]
              + "="
              + (previousForTag == null ? "-" : previousForTag.memberId)
              + "|"
              + (previous == null ? "-" : previous.memberId));
      byTag.put(parts[2], record);
      latest.update(record);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      boolean bulk) throws Exception {
    return harness(bulk, bulk);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      boolean bulkKeys, boolean bulkValues) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new LatestByTag(bulkValues)),
            input -> input.split(" ")[0],
            bulkKeys ? BulkTypeInfo.STRING : Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    return harness;
  }

  private static OperatorSubtaskState feedAndSnapshot(boolean bulkKeys, boolean bulkValues)
      throws Exception {
    try (var harness = harness(bulkKeys, bulkValues)) {
      harness.open();
      harness.processElement("acme/dev-1 m-1 java", 1L);
      harness.processElement("acme/dev-1 m-2 flink", 2L);
      harness.processElement("acme/dev-2 m-3 java", 3L);
      assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
      return harness.snapshot(1L, 3L);
    }
  }

  @Test
  void keyedStateSurvivesASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot = feedAndSnapshot(true, true);

    try (var restored = harness(true)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement("acme/dev-1 m-4 java", 4L);
      restored.processElement("acme/dev-2 m-5 flink", 5L);

      assertThat(restored.extractOutputValues())
          .containsExactly("acme/dev-1:java=m-1|m-2", "acme/dev-2:flink=-|m-3");
      assertThat(restored.numKeyedStateEntries()).isEqualTo(4);
    }
  }

  @Test
  void stateTheBareSerializersWroteRestoresIntoBulkState() throws Exception {
    OperatorSubtaskState beforeTheWrapper = feedAndSnapshot(false, false);

    try (var restored = harness(true)) {
      restored.initializeState(beforeTheWrapper);
      restored.open();
      restored.processElement("acme/dev-1 m-4 java", 4L);
      OperatorSubtaskState migrated = restored.snapshot(2L, 4L);

      assertThat(restored.extractOutputValues()).containsExactly("acme/dev-1:java=m-1|m-2");
      try (var again = harness(false)) {
        again.initializeState(migrated);
        assertThatThrownBy(again::open)
            .as("the values are now framed, which bare serializers cannot read")
            .hasRootCauseInstanceOf(StateMigrationException.class);
      }
    }
  }

  @Test
  void bulkStringKeysAndPlainStringKeysRestoreIntoEachOther() throws Exception {
    OperatorSubtaskState bulkKeys = feedAndSnapshot(true, false);

    try (var plain = harness(false, false)) {
      plain.initializeState(bulkKeys);
      plain.open();
      plain.processElement("acme/dev-2 m-4 java", 4L);
      OperatorSubtaskState plainKeys = plain.snapshot(2L, 4L);
      assertThat(plain.extractOutputValues()).containsExactly("acme/dev-2:java=m-3|m-3");

      try (var bulk = harness(true, false)) {
        bulk.initializeState(plainKeys);
        bulk.open();
        bulk.processElement("acme/dev-2 m-5 java", 5L);
        assertThat(bulk.extractOutputValues()).containsExactly("acme/dev-2:java=m-4|m-4");
      }
    }
  }

  @Test
  void keyByTakesTheBulkStringKeyType() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData("acme/dev-1 m-1 java")
        .keyBy(input -> input.split(" ")[0], BulkTypeInfo.STRING)
        .process(new LatestByTag(true))
        .sinkTo(new DiscardingSink<>());

    assertThat(env.getStreamGraph().getStreamNodes())
        .anySatisfy(
            node ->
                assertThat(node.getStateKeySerializer()).isInstanceOf(BulkStringSerializer.class));
  }
}
