package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static io.communitypulse.ingest.IngestFixtures.onPartition;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.testing.JobDefaults;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class InputScreenTest {

  private static final EventTimeSettings SETTINGS = JobDefaults.EVENT_TIME;
  private static final Duration OUT_OF_ORDERNESS = SETTINGS.outOfOrderness();
  private static final Duration LATENESS = SETTINGS.allowedLateness();

  private static OneInputStreamOperatorTestHarness<DecodedInput, DecodedInput> harness()
      throws Exception {
    OneInputStreamOperatorTestHarness<DecodedInput, DecodedInput> harness =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new InputScreen(SETTINGS)));
    harness.open();
    return harness;
  }

  @Test
  void deadLettersGoToTheSideOutput() throws Exception {
    try (var harness = harness()) {
      DeadLetter letter =
          DeadLetter.newBuilder()
              .setOriginal(ByteBuffer.wrap(new byte[] {1}))
              .setReason(RejectReason.BAD_MAGIC)
              .setMessage("bad")
              .setFailedAt(T0)
              .build();
      harness.processElement(new StreamRecord<>(DecodedInput.ofDeadLetter(letter)));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(InputScreen.DEAD_LETTERS))
          .extracting(StreamRecord::getValue)
          .containsExactly(letter);
    }
  }

  @Test
  void anEventMoreThanTheLatenessBehindItsPartitionIsDeadLetteredAsLate() throws Exception {
    try (var harness = harness()) {
      harness.processElement(
          new StreamRecord<>(onPartition(click("a", T0.plusSeconds(7200)), 0, 0)));
      // Exactly at the limit: accepted.
      harness.processElement(
          new StreamRecord<>(
              onPartition(
                  click("b", T0.plusSeconds(7200).minus(LATENESS).minus(OUT_OF_ORDERNESS)), 0, 1)));
      // One millisecond more: late.
      harness.processElement(
          new StreamRecord<>(
              onPartition(
                  click(
                      "c",
                      T0.plusSeconds(7200).minus(LATENESS).minus(OUT_OF_ORDERNESS).minusMillis(1)),
                  0,
                  2)));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::eventId)
          .containsExactly("a", "b");
      List<DeadLetter> late =
          harness.getSideOutput(InputScreen.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(late)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getReason()).isEqualTo(RejectReason.LATE);
                assertThat(d.getEventId()).isEqualTo("c");
                assertThat(d.getSourceOffset()).isEqualTo(2L);
                assertThat(d.getMessage()).contains("behind the watermark");
              });
    }
  }

  @Test
  void lateIsJudgedPerPartitionSoAnotherPartitionsProgressDoesNotMatter() throws Exception {
    try (var harness = harness()) {
      harness.processElement(
          new StreamRecord<>(onPartition(click("a", T0.plusSeconds(86_400)), 0, 0)));
      harness.processElement(new StreamRecord<>(onPartition(click("b", T0), 1, 0)));

      assertThat(harness.extractOutputValues())
          .extracting(DecodedInput::eventId)
          .containsExactly("a", "b");
      assertThat(harness.getSideOutput(InputScreen.DEAD_LETTERS)).isNull();
    }
  }

  @Test
  void partitionProgressSurvivesARestoreFromACheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.processElement(
          new StreamRecord<>(onPartition(click("a", T0.plusSeconds(7200)), 0, 0)));
      snapshot = harness.snapshot(1L, 1L);
    }
    try (var restored =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new InputScreen(SETTINGS)))) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(new StreamRecord<>(onPartition(click("old", T0), 0, 1)));

      assertThat(restored.extractOutputValues()).isEmpty();
      assertThat(restored.getSideOutput(InputScreen.DEAD_LETTERS)).hasSize(1);
    }
  }
}
