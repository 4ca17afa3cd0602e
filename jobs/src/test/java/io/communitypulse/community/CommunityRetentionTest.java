package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.ACTIVE_1D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.RETENTION;
import static io.communitypulse.community.CommunityFixtures.delta;
import static io.communitypulse.community.CommunityFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.UtcDays;
import io.communitypulse.sink.DocumentWrite;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention from the community stage (docs/privacy.md, "Retention"): the deletes of sessions and
 * members past retention go out once each time the community's as-of day moves, with the cutoff of
 * that day, and never while it stays.
 */
class CommunityRetentionTest {

  private KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> harness;

  @BeforeEach
  void open() throws Exception {
    harness = CommunityFixtures.harness(CommunityFixtures.indicators(Duration.ZERO, null));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void sweepsOnceForEachNewAsOfDayWithThatDaysCutoffs() throws Exception {
    harness.processElement(new StreamRecord<>(delta(DAY0, ACTIVE_1D, 1), noon(DAY0)));
    harness.processWatermark(noon(DAY0));
    assertThat(sweeps()).containsExactlyElementsOf(RETENTION.sweep(COMMUNITY, DAY0));

    harness.processWatermark(noon(DAY0) + Duration.ofHours(5).toMillis());
    assertThat(sweeps()).as("the same as-of day: nothing more to delete").isEmpty();

    harness.processWatermark(UtcDays.start(DAY0 + 1) - 1);
    assertThat(sweeps()).as("the last millisecond of the day").isEmpty();

    harness.processWatermark(UtcDays.start(DAY0 + 1));
    List<DocumentWrite> next = sweeps();
    assertThat(next).containsExactlyElementsOf(RETENTION.sweep(COMMUNITY, DAY0 + 1));
    assertThat(RETENTION.sessionsCutoff(DAY0 + 1))
        .isEqualTo(UtcDays.start(DAY0 + 1) - Duration.ofDays(400).toMillis());
  }

  @Test
  void aJumpOfManyDaysSweepsOnceWithTheLatestCutoff() throws Exception {
    harness.processElement(new StreamRecord<>(delta(DAY0, ACTIVE_1D, 1), noon(DAY0)));
    harness.processWatermark(noon(DAY0));
    sweeps();

    harness.processWatermark(noon(DAY0 + 30));

    assertThat(sweeps()).containsExactlyElementsOf(RETENTION.sweep(COMMUNITY, DAY0 + 30));
  }

  @Test
  void theCommunityDocumentsThemselvesDoNotCarryTheSweeps() throws Exception {
    harness.processElement(new StreamRecord<>(delta(DAY0, ACTIVE_1D, 1), noon(DAY0)));
    harness.processWatermark(noon(DAY0));

    assertThat(harness.extractOutputValues()).isNotEmpty().noneMatch(DocumentWrite::isByQuery);
  }

  /** The sweeps emitted since the last call. */
  private List<DocumentWrite> sweeps() {
    var emitted = harness.getSideOutput(CommunityIndicators.RETENTION);
    if (emitted == null) {
      return List.of();
    }
    List<DocumentWrite> out = emitted.stream().map(StreamRecord::getValue).toList();
    emitted.clear();
    return out;
  }
}
