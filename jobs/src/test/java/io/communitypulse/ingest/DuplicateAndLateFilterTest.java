package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static io.communitypulse.ingest.IngestFixtures.onPartition;
import static io.communitypulse.ingest.IngestFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.RejectReason;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DuplicateAndLateFilterTest {

  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Duration DEDUP_WINDOW = Duration.ofHours(24);

  private static KeyedOneInputStreamOperatorTestHarness<String, DecodedInput, DecodedInput>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new DuplicateAndLateFilter(LATENESS, DEDUP_WINDOW),
        DuplicateAndLateFilter.EVENT_KEY,
        Types.STRING);
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
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

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
}
