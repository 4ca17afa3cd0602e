package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.ACTIVE_1D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_28D;
import static io.communitypulse.community.CommunityCounter.POSTS;
import static io.communitypulse.community.CommunityCounter.VISITORS_1D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.delta;
import static io.communitypulse.community.CommunityFixtures.drainValues;
import static io.communitypulse.community.CommunityFixtures.firstResponse;
import static io.communitypulse.community.CommunityFixtures.noon;
import static io.communitypulse.community.CommunityFixtures.unkeyed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local phase: one summed delta per (community, day) at each watermark, barrier and end. */
class CommunityDeltaCombinerTest {

  private OneInputStreamOperatorTestHarness<CommunityDelta, CommunityDelta> harness;

  @BeforeEach
  void open() throws Exception {
    harness = unkeyed(new CommunityDeltaCombiner());
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private void send(CommunityDelta... deltas) throws Exception {
    for (CommunityDelta d : deltas) {
      harness.processElement(d, noon(d.day));
    }
  }

  @Test
  void sumsPerCommunityAndDayAndEmitsBeforeForwardingTheWatermark() throws Exception {
    send(
        delta(DAY0, ACTIVE_1D, 1),
        delta(DAY0 + 1, ACTIVE_28D, 1),
        delta(DAY0, ACTIVE_1D, 1).add(POSTS, 2),
        CommunityDelta.of("tinkers", DAY0).add(ACTIVE_1D, 1),
        delta(DAY0 + 1, ACTIVE_28D, 1));
    assertThat(harness.getOutput()).as("held until the watermark").isEmpty();

    harness.processWatermark(noon(DAY0));

    List<Object> out = new ArrayList<>(harness.getOutput());
    assertThat(out).hasSize(4);
    assertThat(out.get(3)).as("the watermark goes last").isEqualTo(new Watermark(noon(DAY0)));
    List<CommunityDelta> deltas = new ArrayList<>();
    for (Object o : out.subList(0, 3)) {
      assertThat(o).isInstanceOf(StreamRecord.class);
      deltas.add((CommunityDelta) ((StreamRecord<?>) o).getValue());
    }
    assertThat(deltas)
        .containsExactlyInAnyOrder(
            delta(DAY0, ACTIVE_1D, 2).add(POSTS, 2),
            delta(DAY0 + 1, ACTIVE_28D, 2),
            CommunityDelta.of("tinkers", DAY0).add(ACTIVE_1D, 1));
    harness.getOutput().clear();

    // The buffer was emptied: the next watermark forwards only itself.
    harness.processWatermark(noon(DAY0) + 1);
    assertThat(harness.getOutput()).containsExactly(new Watermark(noon(DAY0) + 1));
  }

  @Test
  void emitsBeforeACheckpointBarrier() throws Exception {
    send(delta(DAY0, ACTIVE_1D, 1), delta(DAY0, ACTIVE_1D, 1));

    harness.prepareSnapshotPreBarrier(1L);

    assertThat(drainValues(harness)).containsExactly(delta(DAY0, ACTIVE_1D, 2));
    harness.prepareSnapshotPreBarrier(2L);
    assertThat(drainValues(harness)).as("nothing twice").isEmpty();
  }

  @Test
  void emitsAtTheEndOfInput() throws Exception {
    send(delta(DAY0, POSTS, 1), delta(DAY0, POSTS, 3));

    harness.endInput();

    assertThat(drainValues(harness)).containsExactly(delta(DAY0, POSTS, 4));
  }

  @Test
  void carriesADaysFirstResponsesInItsDeltaTheSmallestPerPost() throws Exception {
    send(
        delta(DAY0, POSTS, 1),
        firstResponse("p1", DAY0, 30),
        firstResponse("p1", DAY0, 20),
        firstResponse("p2", DAY0, 90));

    assertThat(drainValues(harness)).as("before any watermark").isEmpty();

    harness.processWatermark(noon(DAY0));
    List<CommunityDelta> out = drainValues(harness);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get(POSTS)).isEqualTo(1);
    assertThat(out.get(0).firstResponses)
        .containsExactlyInAnyOrderEntriesOf(Map.of("p1", 20 * 60_000L, "p2", 90 * 60_000L));
  }

  @Test
  void doesNotEmitASumOfZero() throws Exception {
    send(
        delta(DAY0, VISITORS_1D, 1),
        delta(DAY0, VISITORS_1D, -1),
        delta(DAY0 + 1, ACTIVE_1D, 1).add(VISITORS_1D, -1),
        delta(DAY0 + 1, VISITORS_1D, 1));

    harness.processWatermark(noon(DAY0 + 1));

    assertThat(drainValues(harness)).containsExactly(delta(DAY0 + 1, ACTIVE_1D, 1));
  }

  @Test
  void copiesTheRecordsItBuffersSoObjectReuseIsSafe() throws Exception {
    // With object reuse, the stage upstream may hand the same instance on with new contents.
    CommunityDelta reused = delta(DAY0, ACTIVE_1D, 1);
    send(reused);
    reused.counts[ACTIVE_1D.ordinal()] = 5;
    reused.day = DAY0 + 1;
    send(reused);
    reused.counts[ACTIVE_1D.ordinal()] = 100;

    harness.processWatermark(noon(DAY0 + 1));
    List<CommunityDelta> out = drainValues(harness);

    assertThat(out)
        .containsExactlyInAnyOrder(delta(DAY0, ACTIVE_1D, 1), delta(DAY0 + 1, ACTIVE_1D, 5));
    assertThat(out).allSatisfy(d -> assertThat(d).isNotSameAs(reused));
    assertThat(out).allSatisfy(d -> assertThat(d.counts).isNotSameAs(reused.counts));
    assertThat(out).allSatisfy(d -> assertThat(d.communityId).isEqualTo(COMMUNITY));
  }
}
