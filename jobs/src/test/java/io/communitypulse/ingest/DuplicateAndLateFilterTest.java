package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static io.communitypulse.ingest.IngestFixtures.onPartition;
import static io.communitypulse.ingest.IngestFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.communitypulse.events.RejectReason;
import io.communitypulse.state.Hash128;
import io.communitypulse.testing.JobDefaults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DuplicateAndLateFilterTest {

  /** A key holding ids has two state entries: its id map and its prune time. */
  private static final int STATES_PER_KEY = 2;

  private static final EventTimeSettings SETTINGS = JobDefaults.EVENT_TIME;
  private static final Duration DEDUP_WINDOW = SETTINGS.dedupWindow();

  private static KeyedOneInputStreamOperatorTestHarness<Integer, DecodedInput, DecodedInput>
      harness() throws Exception {
    return harness(null);
  }

  /** A harness with Kryo switched off, as in production, optionally restored from a snapshot. */
  private static KeyedOneInputStreamOperatorTestHarness<Integer, DecodedInput, DecodedInput>
      harness(OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DuplicateAndLateFilter(SETTINGS)),
            DuplicateAndLateFilter.EVENT_KEY,
            Types.INT);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static StreamRecord<DecodedInput> record(DecodedInput input) {
    return new StreamRecord<>(input, input.occurredAtMillis());
  }

  @Test
  void aRepeatedEventIdInTheSameCommunityIsDroppedOnce() throws Exception {
    try (var harness = harness()) {
      harness.processElement(record(onPartition(click("e1", T0), 0, 0)));
      harness.processElement(record(onPartition(click("e1", T0), 1, 7)));
      harness.processElement(
          record(DecodedInput.ofPost(post("e1", T0.plusSeconds(60)), "posts", 0, 0)));
      harness.processElement(record(onPartition(click("e2", T0), 0, 1)));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::eventId)
          .containsExactly("e1", "e2");
    }
  }

  @Test
  void theSameIdMoreThanTheWindowApartIsNotADuplicate() throws Exception {
    try (var harness = harness()) {
      harness.processElement(record(onPartition(click("e1", T0), 0, 0)));
      harness.processElement(record(onPartition(click("e1", T0.plus(DEDUP_WINDOW)), 0, 1)));

      assertThat(harness.extractOutputValues()).hasSize(2);
    }
  }

  @Test
  void stateIsClearedOnceTheWatermarkPassesTheWindow() throws Exception {
    try (var harness = harness()) {
      harness.processElement(record(onPartition(click("e1", T0), 0, 0)));
      assertThat(harness.numKeyedStateEntries()).isEqualTo(STATES_PER_KEY);

      harness.processWatermark(new Watermark(T0.plus(DEDUP_WINDOW).toEpochMilli()));

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void anEventTooFarBehindTheCombinedWatermarkIsDeadLetteredAsLate() throws Exception {
    try (var harness = harness()) {
      harness.processWatermark(new Watermark(T0.plus(Duration.ofHours(3)).toEpochMilli()));
      harness.processElement(record(onPartition(click("old", T0), 0, 0)));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(InputScreen.DEAD_LETTERS))
          .singleElement()
          .satisfies(r -> assertThat(r.getValue().getReason()).isEqualTo(RejectReason.LATE));
    }
  }

  private static final Duration PRUNE_INTERVAL =
      DEDUP_WINDOW.dividedBy(DuplicateAndLateFilter.PRUNE_SLICES);

  private static DecodedInput clickAt(String id, Instant at) {
    return onPartition(click(id, at), 0, 0);
  }

  private static List<String> keptIds(
      KeyedOneInputStreamOperatorTestHarness<Integer, DecodedInput, DecodedInput> harness) {
    return harness.extractOutputValues().stream().map(DecodedInput::eventId).toList();
  }

  private static int keyOf(String id) throws Exception {
    return DuplicateAndLateFilter.EVENT_KEY.getKey(clickAt(id, T0));
  }

  /** {@code count} event ids that fall to the same key as {@code first}. */
  private static List<String> idsSharingAKeyWith(String first, int count) throws Exception {
    int key = keyOf(first);
    List<String> ids = new ArrayList<>(List.of(first));
    for (int i = 0; ids.size() < count; i++) {
      if (keyOf("id-" + i) == key) {
        ids.add("id-" + i);
      }
    }
    return ids;
  }

  /** How many ids the function holds over all keys, forgotten or not yet pruned. */
  private static int heldIds(
      KeyedOneInputStreamOperatorTestHarness<Integer, DecodedInput, DecodedInput> harness)
      throws Exception {
    AtomicInteger held = new AtomicInteger();
    harness
        .getOperator()
        .getKeyedStateBackend()
        .applyToAllKeys(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            DuplicateAndLateFilter.seenDescriptor(),
            (key, state) -> state.keys().forEach(id -> held.incrementAndGet()));
    return held.get();
  }

  @Test
  void aDuplicateJustInsideTheWindowIsDroppedInEitherOrder() throws Exception {
    Instant lastInside = T0.plus(DEDUP_WINDOW).minusMillis(1);
    try (var harness = harness()) {
      harness.processElement(record(clickAt("early-first", T0)));
      harness.processElement(record(clickAt("early-first", lastInside)));
      harness.processElement(record(clickAt("late-first", lastInside)));
      harness.processElement(record(clickAt("late-first", T0)));
      harness.processElement(record(clickAt("outside", T0.plus(DEDUP_WINDOW))));
      harness.processElement(record(clickAt("outside", T0)));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::eventId, DecodedInput::occurredAtMillis)
          .containsExactly(
              tuple("early-first", T0.toEpochMilli()),
              tuple("late-first", lastInside.toEpochMilli()),
              tuple("outside", T0.plus(DEDUP_WINDOW).toEpochMilli()),
              tuple("outside", T0.toEpochMilli()));
    }
  }

  @Test
  void theLatestKeptSightingIsTheOneRemembered() throws Exception {
    try (var harness = harness()) {
      harness.processElement(record(clickAt("e1", T0)));
      harness.processElement(record(clickAt("e1", T0.plus(Duration.ofHours(25)))));
      // 13 h from the remembered sighting (12 h from the first one).
      harness.processElement(record(clickAt("e1", T0.plus(Duration.ofHours(12)))));
      // 27 h before the remembered one: kept, and the remembered one stays.
      harness.processElement(record(clickAt("e1", T0.minus(Duration.ofHours(2)))));
      harness.processElement(record(clickAt("e1", T0.plus(Duration.ofHours(48)))));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::occurredAtMillis)
          .containsExactly(
              T0.toEpochMilli(),
              T0.plus(Duration.ofHours(25)).toEpochMilli(),
              T0.minus(Duration.ofHours(2)).toEpochMilli());
    }
  }

  @Test
  void manyIdsInOneKeyAreTrackedApartAndClearedTogether() throws Exception {
    List<String> ids = idsSharingAKeyWith("e1", 300);
    try (var harness = harness()) {
      for (int i = 0; i < ids.size(); i++) {
        harness.processElement(record(clickAt(ids.get(i), T0.plusSeconds(i))));
      }
      for (String id : ids) {
        harness.processElement(record(clickAt(id, T0.plus(Duration.ofHours(1)))));
      }

      assertThat(keptIds(harness)).containsExactlyElementsOf(ids);
      assertThat(harness.numKeyedStateEntries()).isEqualTo(STATES_PER_KEY);
      assertThat(heldIds(harness)).isEqualTo(ids.size());
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      // The key's one timer fires when its first id is forgotten, then once per prune interval.
      harness.processWatermark(T0.plus(DEDUP_WINDOW).toEpochMilli());
      assertThat(heldIds(harness)).isEqualTo(ids.size() - 1);
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);
      harness.processWatermark(T0.plus(DEDUP_WINDOW).plus(PRUNE_INTERVAL).toEpochMilli());

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void pruningRemovesForgottenIdsWithOneTimerPerKeyAndFinallyClearsEverything() throws Exception {
    int count = 2_000;
    Duration step = Duration.ofMinutes(1);
    Instant last = T0.plus(step.multipliedBy(count - 1));
    try (var harness = harness()) {
      for (int i = 0; i < count; i++) {
        harness.processElement(record(clickAt("e" + i, T0.plus(step.multipliedBy(i)))));
      }
      int keys = harness.numKeyedStateEntries() / STATES_PER_KEY;
      assertThat(keys).isLessThanOrEqualTo(DuplicateAndLateFilter.KEYS).isGreaterThan(1_000);
      assertThat(harness.numEventTimeTimers()).isEqualTo(keys);
      assertThat(heldIds(harness)).isEqualTo(count);

      // Ids seen up to T0 + 10 h are forgotten; a prune removes them within PRUNE_INTERVAL.
      Instant watermark = T0.plus(Duration.ofHours(10)).plus(DEDUP_WINDOW);
      harness.processWatermark(watermark.toEpochMilli());
      int forgotten = (int) Duration.ofHours(10).toMinutes() + 1;
      int remaining = count - forgotten;
      int notYetPruned = (int) PRUNE_INTERVAL.toMinutes();
      assertThat(heldIds(harness))
          .isGreaterThanOrEqualTo(remaining)
          .isLessThanOrEqualTo(remaining + notYetPruned);
      assertThat(harness.numEventTimeTimers())
          .isEqualTo(harness.numKeyedStateEntries() / STATES_PER_KEY);

      harness.processWatermark(last.plus(DEDUP_WINDOW).plus(PRUNE_INTERVAL).toEpochMilli());

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void anIdIsForgottenByTheWatermarkEvenBeforeItsKeyIsPruned() throws Exception {
    List<String> ids = idsSharingAKeyWith("a", 2);
    String a = ids.get(0);
    String b = ids.get(1);
    try (var harness = harness()) {
      harness.processElement(record(clickAt(a, T0)));
      harness.processElement(record(clickAt(b, T0.plus(Duration.ofHours(1)))));
      harness.processWatermark(T0.plus(DEDUP_WINDOW).toEpochMilli());
      assertThat(heldIds(harness)).isEqualTo(1);

      // b is forgotten once the watermark passes its sighting plus the window, like a's, although
      // its key is next pruned later; an id alone on its key would have been cleared by then.
      harness.processWatermark(T0.plus(Duration.ofHours(1)).plus(DEDUP_WINDOW).toEpochMilli());
      assertThat(heldIds(harness)).isEqualTo(1);
      harness.processElement(
          record(clickAt(b, T0.plus(DEDUP_WINDOW).plus(Duration.ofMinutes(30)))));

      assertThat(keptIds(harness)).containsExactly(a, b, b);
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
  }

  @Test
  void rememberedIdsAndTheirTimersSurviveARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.processElement(record(clickAt("e1", T0)));
      harness.processElement(record(clickAt("e2", T0.plus(Duration.ofHours(2)))));
      harness.processWatermark(T0.plus(Duration.ofHours(2)).toEpochMilli());
      snapshot = harness.snapshot(1L, T0.toEpochMilli());
    }

    try (var restored = harness(snapshot)) {
      restored.processElement(record(clickAt("e1", T0.plusSeconds(5))));
      restored.processElement(record(clickAt("e2", T0.plus(Duration.ofHours(3)))));
      restored.processElement(record(clickAt("e3", T0.plus(Duration.ofHours(3)))));
      assertThat(keptIds(restored)).containsExactly("e3");
      assertThat(restored.numEventTimeTimers())
          .isEqualTo(restored.numKeyedStateEntries() / STATES_PER_KEY);

      restored.processWatermark(T0.plus(Duration.ofHours(3)).plus(DEDUP_WINDOW).toEpochMilli());

      assertThat(restored.numKeyedStateEntries()).isZero();
      assertThat(restored.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void theSameIdInAnotherCommunityIsNoDuplicate() throws Exception {
    try (var harness = harness()) {
      harness.processElement(record(clickAt("e1", T0)));
      var other = click("e1", T0);
      other.setCommunityId("globex");
      harness.processElement(record(onPartition(other, 0, 1)));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::communityId)
          .containsExactly("acme", "globex");
    }
  }

  @Test
  void theCommunityIsPartOfAnEventIdsHash() {
    Hash128 acme = DuplicateAndLateFilter.hash("acme", "e1");
    Hash128 globex = DuplicateAndLateFilter.hash("globex", "e1");

    assertThat(acme.hi).isNotEqualTo(globex.hi);
    assertThat(acme.hi).isEqualTo(Hash128.of("acme/e1".getBytes(StandardCharsets.UTF_8)).hi);
  }

  @Test
  void eventIdsSpreadEvenlyOverTheKeys() {
    int keys = DuplicateAndLateFilter.KEYS;
    int[] counts = new int[keys];
    int ids = keys * 50;
    for (int i = 0; i < ids; i++) {
      int key = DuplicateAndLateFilter.keyOf(DuplicateAndLateFilter.hash("acme", "evt-" + i));
      assertThat(key).isBetween(0, keys - 1);
      counts[key]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(15, 100);
    }
  }
}
