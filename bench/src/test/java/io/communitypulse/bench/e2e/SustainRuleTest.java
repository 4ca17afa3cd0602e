package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SustainRuleTest {

  private static final long STEP = 30_000;
  private static final int RATE = 10_000;
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final SustainRule rule = new SustainRule(INTERVAL);

  @Test
  void aJobThatKeepsUpHoldsDespiteTheCheckpointSawTooth() {
    // Committed offsets jump every 2 s to what the checkpoint 0.5 s earlier covered.
    List<LagSample> samples = samples(RATE, RATE, t -> committedEvery(t, 2_000, 500));

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).as(v.reason()).isTrue();
    assertThat(v.producedRate()).isEqualTo(RATE, org.assertj.core.data.Offset.offset(1.0));
    assertThat(v.allowedGrowth()).isEqualTo(20_000);
  }

  @Test
  void aJobThatConsumesTooLittleFails() {
    // 2 000 more records behind every second: the job consumes 8 000 of 10 000.
    List<LagSample> samples = samples(RATE, RATE, t -> t * 2);

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.reason()).startsWith("lag grew by");
    assertThat(v.consumedRate()).isEqualTo(8_000, org.assertj.core.data.Offset.offset(150.0));
  }

  @Test
  void aBacklogFromWarmUpThatShrinksHolds() {
    // Behind by 20 000 after a slow first 5 s, then consuming 12 000/s until caught up.
    List<LagSample> samples =
        samples(RATE, RATE, t -> t < 5_000 ? t * 4 : Math.max(0, 20_000 - (t - 5_000) * 2));

    assertThat(rule.judge(RATE, STEP, samples).held()).isTrue();
  }

  @Test
  void growthWithinOneCheckpointIntervalOfInputIsNotGrowth() {
    // 19 000 more records behind in the last quarter than in the second: under 2 s x 10 000.
    List<LagSample> samples = samples(RATE, RATE, t -> 5_000 + (t >= STEP * 3 / 4 ? 19_000 : 0));

    assertThat(rule.judge(RATE, STEP, samples).held()).isTrue();
  }

  @Test
  void growthOfMoreThanOneCheckpointIntervalOfInputIsGrowth() {
    List<LagSample> samples = samples(RATE, RATE, t -> 5_000 + (t >= STEP * 3 / 4 ? 21_000 : 0));

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.midLag()).isEqualTo(5_000);
    assertThat(v.endLag()).isEqualTo(26_000);
  }

  @Test
  void aProducerThatFellBehindFailsTheStep() {
    List<LagSample> samples = samples(RATE, 9_000, t -> t * 9L);

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.reason()).contains("producer reached only 9,000");
  }

  @Test
  void tooFewSamplesCannotHold() {
    assertThat(rule.judge(RATE, STEP, List.of(new LagSample(0, 0, 0))).held()).isFalse();
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(SustainRule.median(new long[] {9, 1, 4, 6})).isEqualTo(5);
    assertThat(SustainRule.median(new long[] {3})).isEqualTo(3);
  }

  /** Records the job is behind at step time t, in milliseconds. */
  private interface Lag {
    long at(long t);
  }

  /**
   * Samples every 500 ms over a step: {@code producedRate} events a second reach Kafka, and the job
   * is {@code lagAt} records behind them at each time.
   */
  private static List<LagSample> samples(int target, int producedRate, Lag lagAt) {
    List<LagSample> samples = new ArrayList<>();
    for (long t = 0; t <= STEP; t += 500) {
      long end = t * producedRate / 1000;
      long lag = Math.max(0, Math.min(end, lagAt.at(t)));
      samples.add(new LagSample(t, end, end - lag));
    }
    return samples;
  }

  /** The lag of a job that keeps up but commits every {@code period}, {@code delay} late. */
  private static long committedEvery(long t, long period, long delay) {
    long covered = t < delay ? 0 : ((t - delay) / period) * period;
    return (t - covered) * RATE / 1000;
  }
}
