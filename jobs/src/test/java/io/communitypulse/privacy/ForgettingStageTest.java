package io.communitypulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapper every member-keeping stage runs in: the stage's own function sees its elements,
 * timers and side outputs as before; erasures reach {@link ForgetsMembers#forget}; the suppression
 * list (hashes, in broadcast state) screens elements while it lasts and survives a restore.
 */
class ForgettingStageTest {

  private static final String COMMUNITY = "makers";
  private static final String ADA = "m-ada";
  private static final String BO = "m-bo";
  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);

  /** The wall clock of the tests: when requests are made. */
  private static final long NOW = Instant.parse("2026-06-01T08:00:00Z").toEpochMilli();

  /** Event time of the elements. */
  private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

  private ForgettingHarness<String, String, String> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void open(Duration suppressFor) throws Exception {
    harness = ForgettingHarness.open(stage(suppressFor), new MemberOf(), Types.STRING);
    harness.processingTime(NOW);
  }

  private static ForgettingStage<String, String, String> stage(Duration suppressFor) {
    return ForgettingStage.of(new Counting(), suppressFor);
  }

  /** An element of {@code member}: {@code community/member#payload}. */
  private static String of(String member, String payload) {
    return COMMUNITY + "/" + member + "#" + payload;
  }

  private static Erasure erasure(String requestId, String member, long at) {
    return Erasure.of(requestId, COMMUNITY, member, at);
  }

  @Test
  void elementsTimersAndSideOutputsReachTheWrappedFunction() throws Exception {
    open(SUPPRESS_FOR);

    harness.send(of(ADA, "wall"), T0);
    harness.send(of(ADA, "page"), T0 + 1);
    harness.watermark(T0 + 11);
    harness.processingTime(NOW + 5);

    assertThat(harness.drain())
        .containsExactly(
            "makers/m-ada seen 1",
            "makers/m-ada seen 2",
            "timer makers/m-ada @" + (T0 + 10) + " EVENT_TIME",
            "timer makers/m-ada @" + (T0 + 11) + " EVENT_TIME",
            "timer makers/m-ada @" + (NOW + 5) + " PROCESSING_TIME");
    assertThat(harness.drain(Counting.SIDE))
        .containsExactly("wall @" + T0, "page @" + (T0 + 1), "timer", "timer", "timer");
  }

  @Test
  void anErasureClearsOnlyTheMembersKeyAndIsHandedToTheStageOnce() throws Exception {
    open(SUPPRESS_FOR);
    harness.send(of(ADA, "page"), T0);
    harness.send(of(BO, "page"), T0);
    harness.drain();
    assertThat(harness.keysWith("seen")).containsExactly("makers/m-ada", "makers/m-bo");

    harness.erase(erasure("r1", ADA, NOW));

    assertThat(harness.drain()).containsExactly("forgot r1");
    assertThat(harness.keysWith("seen")).containsExactly("makers/m-bo");
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    // Bo's count goes on from where it was.
    harness.send(of(BO, "page"), T0 + 1);
    assertThat(harness.drain()).containsExactly("makers/m-bo seen 2");
  }

  @Test
  void theMembersElementsAreDroppedWhileTheSuppressionLasts() throws Exception {
    open(SUPPRESS_FOR);
    harness.erase(erasure("r1", ADA, NOW));
    harness.drain();

    harness.send(of(ADA, "replayed"), T0);
    harness.send(of(BO, "page"), T0);

    assertThat(harness.drain()).containsExactly("makers/m-bo seen 1");
    assertThat(harness.drain(Counting.SIDE)).containsExactly("page @" + T0);
    assertThat(harness.keysWith("seen")).containsExactly("makers/m-bo");
  }

  @Test
  void theSuppressionEndsSuppressForAfterTheRequest() throws Exception {
    open(SUPPRESS_FOR);
    harness.erase(erasure("r1", ADA, NOW));
    harness.drain();

    harness.processingTime(NOW + SUPPRESS_FOR.toMillis() - 1);
    harness.send(of(ADA, "late"), T0);
    assertThat(harness.drain()).isEmpty();

    harness.processingTime(NOW + SUPPRESS_FOR.toMillis());
    harness.send(of(ADA, "later"), T0);
    assertThat(harness.drain()).containsExactly("makers/m-ada seen 1");

    // The ended entry leaves the list when the next request is recorded.
    harness.erase(erasure("r2", BO, NOW + SUPPRESS_FOR.toMillis()));
    assertThat(harness.suppressionList()).containsOnlyKeys(ErasedMembers.hash(COMMUNITY, BO));
  }

  @Test
  void withSuppressionOffTheMemberIsForgottenButTheirElementsCountAgain() throws Exception {
    open(Duration.ZERO);
    harness.send(of(ADA, "page"), T0);
    harness.drain();

    harness.erase(erasure("r1", ADA, NOW));
    harness.send(of(ADA, "replayed"), T0);

    assertThat(harness.drain()).containsExactly("forgot r1", "makers/m-ada seen 1");
    assertThat(harness.suppressionList()).isEmpty();
  }

  @Test
  void aRequestOlderThanTheSuppressionStillForgetsButSuppressesNothing() throws Exception {
    // A replay of the erasure topic from its start re-reads requests made long ago.
    open(SUPPRESS_FOR);
    harness.send(of(ADA, "page"), T0);
    harness.drain();

    harness.erase(erasure("r-old", ADA, NOW - SUPPRESS_FOR.toMillis() - 1));

    assertThat(harness.drain()).containsExactly("forgot r-old");
    assertThat(harness.keysWith("seen")).isEmpty();
    assertThat(harness.suppressionList()).isEmpty();
  }

  @Test
  void aRepeatedRequestExtendsTheSuppressionAndAnOlderOneDoesNotShortenIt() throws Exception {
    open(SUPPRESS_FOR);
    harness.erase(erasure("r1", ADA, NOW));
    harness.erase(erasure("r2", ADA, NOW + 1000));
    harness.erase(erasure("r0", ADA, NOW - 1000));

    assertThat(harness.suppressionList())
        .containsExactly(
            Map.entry(ErasedMembers.hash(COMMUNITY, ADA), NOW + 1000 + SUPPRESS_FOR.toMillis()));
  }

  @Test
  void theSameMemberIdInAnotherCommunityIsNeitherForgottenNorSuppressed() throws Exception {
    open(SUPPRESS_FOR);
    harness.send("other/" + ADA + "#page", T0);
    harness.drain();

    harness.erase(erasure("r1", ADA, NOW));
    harness.send("other/" + ADA + "#page", T0 + 1);

    assertThat(harness.drain()).containsExactly("forgot r1", "other/m-ada seen 2");
  }

  @Test
  void anErasureOfAMemberNobodyKnowsIsHarmless() throws Exception {
    open(SUPPRESS_FOR);
    harness.send(of(BO, "page"), T0);
    harness.drain();

    harness.erase(erasure("r1", "m-nobody", NOW));

    assertThat(harness.drain()).containsExactly("forgot r1");
    assertThat(harness.keysWith("seen")).containsExactly("makers/m-bo");
  }

  @Test
  void theSuppressionListSurvivesARestoreAndHoldsHashesNotIds() throws Exception {
    open(SUPPRESS_FOR);
    harness.send(of(BO, "page"), T0);
    harness.erase(erasure("r1", ADA, NOW));
    OperatorSubtaskState snapshot = harness.snapshot(1);
    harness.close();

    harness =
        ForgettingHarness.restore(stage(SUPPRESS_FOR), new MemberOf(), Types.STRING, snapshot);
    harness.processingTime(NOW + 1);

    assertThat(harness.suppressionList())
        .hasSize(1)
        .allSatisfy(
            (hash, until) -> {
              assertThat(hash).matches("[0-9a-f]{32}").doesNotContain(ADA);
              assertThat(until).isEqualTo(NOW + SUPPRESS_FOR.toMillis());
            })
        .containsOnlyKeys(ErasedMembers.hash(COMMUNITY, ADA));
    harness.send(of(ADA, "replayed"), T0);
    harness.send(of(BO, "page"), T0 + 1);
    assertThat(harness.drain()).containsExactly("makers/m-bo seen 2");
  }

  /** Keys {@code community/member#payload} by {@code community/member}. */
  private static final class MemberOf implements KeySelector<String, String> {
    @Override
    public String getKey(String element) {
      return element.substring(0, element.indexOf('#'));
    }
  }

  /**
   * A tiny stage: counts each key's elements, echoes each to a side output, and fires an event-time
   * timer 10 ms after each element (and a processing-time one 5 ms on for a {@code wall} element).
   */
  private static final class Counting extends KeyedProcessFunction<String, String, String>
      implements ForgetsMembers<String, String, String> {

    static final OutputTag<String> SIDE = new OutputTag<>("side", Types.STRING);

    private transient ValueState<Integer> seen;

    static ValueStateDescriptor<Integer> seenDescriptor() {
      return new ValueStateDescriptor<>("seen", Types.INT);
    }

    @Override
    public void open(OpenContext openContext) {
      seen = getRuntimeContext().getState(seenDescriptor());
    }

    @Override
    public void processElement(String element, Context ctx, Collector<String> out)
        throws Exception {
      int n = seen.value() == null ? 1 : seen.value() + 1;
      seen.update(n);
      out.collect(ctx.getCurrentKey() + " seen " + n);
      String payload = element.substring(element.indexOf('#') + 1);
      ctx.output(SIDE, payload + " @" + ctx.timestamp());
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 10);
      if (payload.equals("wall")) {
        ctx.timerService()
            .registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 5);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
      out.collect("timer " + ctx.getCurrentKey() + " @" + timestamp + " " + ctx.timeDomain());
      ctx.output(SIDE, "timer");
    }

    @Override
    public String screen(String element, ErasedMembers erased, long now) {
      String key = element.substring(0, element.indexOf('#'));
      int slash = key.indexOf('/');
      return erased.contains(key.substring(0, slash), key.substring(slash + 1), now)
          ? null
          : element;
    }

    @Override
    public void forget(Erasure erasure, StageState<String, String> stage) throws Exception {
      stage.forEachKey(
          seenDescriptor(),
          (key, state) -> {
            if (key.equals(erasure.memberKey())) {
              state.clear();
            }
          });
      stage.emit("forgot " + erasure.requestId);
    }
  }
}
