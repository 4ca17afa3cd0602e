package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.ACTIVE_1D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.delta;
import static io.communitypulse.community.CommunityFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.UtcDays;
import io.communitypulse.privacy.Retention;
import io.communitypulse.sink.Aliases;
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
 * that day, never while it stays, and not while the community has no event old enough.
 */
class CommunityRetentionTest {

  /** A day of retention, so that a few days of history reach it. */
  private static final Retention DAY =
      new Retention(Aliases.SESSIONS, Aliases.MEMBERS, Duration.ofDays(1), Duration.ofDays(1));

  private KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> harness;

  @BeforeEach
  void open() throws Exception {
    harness = CommunityFixtures.harness(CommunityFixtures.indicators(Duration.ZERO, null, DAY));
    harness.processElement(new StreamRecord<>(delta(DAY0, ACTIVE_1D, 1), noon(DAY0)));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void sweepsNothingWhileNoDocumentCanBeOldEnough() throws Exception {
    harness.processWatermark(noon(DAY0));
    harness.processWatermark(noon(DAY0 + 1));

    assertThat(sweeps()).as("cutoff not after the first event day").isEmpty();
    assertThat(DAY.sessionsCutoff(DAY0 + 1)).isEqualTo(UtcDays.start(DAY0));
  }

  @Test
  void sweepsOnceForEachNewAsOfDayWithThatDaysCutoffs() throws Exception {
    harness.processWatermark(noon(DAY0 + 1));
    sweeps();

    harness.processWatermark(UtcDays.start(DAY0 + 2));
    assertThat(sweeps()).hasSize(2).containsExactlyElementsOf(DAY.sweep(COMMUNITY, DAY0 + 2, DAY0));

    harness.processWatermark(UtcDays.start(DAY0 + 3) - 1);
    assertThat(sweeps()).as("the same as-of day, to its last millisecond").isEmpty();

    harness.processWatermark(UtcDays.start(DAY0 + 3));
    assertThat(sweeps()).containsExactlyElementsOf(DAY.sweep(COMMUNITY, DAY0 + 3, DAY0));
  }

  @Test
  void aJumpOfManyDaysSweepsOnceWithTheLatestCutoff() throws Exception {
    harness.processWatermark(noon(DAY0));
    harness.processWatermark(noon(DAY0 + 30));

    assertThat(sweeps()).containsExactlyElementsOf(DAY.sweep(COMMUNITY, DAY0 + 30, DAY0));
  }

  @Test
  void theCommunityDocumentsThemselvesDoNotCarryTheSweeps() throws Exception {
    harness.processWatermark(noon(DAY0 + 5));

    assertThat(harness.extractOutputValues()).isNotEmpty().noneMatch(DocumentWrite::isByQuery);
    assertThat(sweeps()).isNotEmpty();
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
