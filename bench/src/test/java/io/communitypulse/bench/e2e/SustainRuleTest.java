package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SustainRuleTest {

  private static final long STEP = 30_000;
  private static final int RATE = 10_000;

  private final SustainRule rule = new SustainRule(Duration.ofSeconds(1));

  @Test
  void aJobThatKeepsUpHoldsDespiteJitterAndAPause() {
    // Fetch batches make the read lag jitter between 0 and 3 000; a 2 s pause (a full GC) in the
    // last quarter leaves it 20 000 behind for a few samples.
    List<LagSample> samples =
        samples(RATE, t -> (t / 500 % 3) * 1_500 + (t >= 24_000 && t < 26_000 ? 20_000 : 0));

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).as(v.reason()).isTrue();
    assertThat(v.producedRate()).isEqualTo(RATE, offset(1.0));
    assertThat(v.allowedGrowth()).isEqualTo(10_000);
  }

  @Test
  void aJobThatReadsTooLittleFails() {
    // 1 000 more records behind every second: the job reads 9 000 of 10 000.
    List<LagSample> samples = samples(RATE, t -> t);

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.reason()).startsWith("lag grew by");
    assertThat(v.readRate()).isEqualTo(9_000, offset(150.0));
  }

  @Test
  void aJobJustBelowTheRateFailsWithThirtySecondSteps() {
    // Reading 94 % of the input: 600 records a second more behind, 9 000 over the 15 s between
    // the windows; 92 % (12 000) fails.
    assertThat(rule.judge(RATE, STEP, samples(RATE, t -> t * 6 / 10)).held()).isTrue();
    assertThat(rule.judge(RATE, STEP, samples(RATE, t -> t * 8 / 10)).held()).isFalse();
  }

  @Test
  void aBacklogFromWarmUpThatShrinksHolds() {
    // Behind by 20 000 after a slow first 5 s, then reading 12 000/s until caught up.
    List<LagSample> samples =
        samples(RATE, t -> t < 5_000 ? t * 4 : Math.max(0, 20_000 - (t - 5_000) * 2));

    assertThat(rule.judge(RATE, STEP, samples).held()).isTrue();
  }

  @Test
  void growthWithinTheAllowanceIsNotGrowth() {
    List<LagSample> samples = samples(RATE, t -> 5_000 + (t >= STEP * 3 / 4 ? 9_000 : 0));

    assertThat(rule.judge(RATE, STEP, samples).held()).isTrue();
  }

  @Test
  void growthBeyondTheAllowanceIsGrowth() {
    List<LagSample> samples = samples(RATE, t -> 5_000 + (t >= STEP * 3 / 4 ? 11_000 : 0));

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.midLag()).isEqualTo(5_000);
    assertThat(v.endLag()).isEqualTo(16_000);
  }

  @Test
  void committedOffsetsDoNotEnterTheVerdict() {
    // Same reads, but nothing committed (checkpoints stuck): the read lag alone decides.
    List<LagSample> samples = new ArrayList<>();
    for (LagSample s : samples(RATE, t -> 1_000)) {
      samples.add(new LagSample(s.atMillis(), s.endOffsets(), s.readRecords(), 0));
    }

    assertThat(rule.judge(RATE, STEP, samples).held()).isTrue();
  }

  @Test
  void aProducerThatFellBehindFailsTheStep() {
    List<LagSample> samples = new ArrayList<>();
    for (long t = 0; t <= STEP; t += 500) {
      samples.add(new LagSample(t, t * 9, t * 9, t * 9));
    }

    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);

    assertThat(v.held()).isFalse();
    assertThat(v.reason()).contains("producer reached only 9,000");
  }

  @Test
  void aJobFarBehindAfterTheFirstQuarterEndsTheStepEarly() {
    // Reading 2 000 of 10 000 a second: 8 000 more behind each second.
    List<LagSample> samples = new ArrayList<>();
    for (LagSample s : samples(RATE, t -> t * 8)) {
      samples.add(s);
      if (rule.clearlyBehind(RATE, STEP, s)) {
        break;
      }
    }

    LagSample last = samples.get(samples.size() - 1);
    assertThat(last.atMillis()).as("not before the first quarter").isEqualTo(STEP / 4);
    SustainRule.StepVerdict v = rule.judge(RATE, STEP, samples);
    assertThat(v.held()).isFalse();
    assertThat(v.reason()).endsWith("ended early");
    assertThat(v.readRate()).isEqualTo(2_000, offset(1.0));
  }

  @Test
  void aShortStallIsNotClearlyBehindBeforeTheFirstQuarterEnds() {
    assertThat(rule.clearlyBehind(RATE, STEP, new LagSample(3_000, 30_000, 0, 0))).isFalse();
    assertThat(rule.clearlyBehind(RATE, STEP, new LagSample(8_000, 80_000, 40_000, 0))).isFalse();
    assertThat(rule.clearlyBehind(RATE, STEP, new LagSample(8_000, 80_000, 29_000, 0))).isTrue();
  }

  @Test
  void tooFewSamplesCannotHold() {
    assertThat(rule.judge(RATE, STEP, List.of(new LagSample(0, 0, 0, 0))).held()).isFalse();
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
   * Samples every 500 ms over a step: {@code rate} events a second reach Kafka, the job has read
   * all but {@code lagAt} of them, and committed what it read a second earlier.
   */
  private static List<LagSample> samples(int rate, Lag lagAt) {
    List<LagSample> samples = new ArrayList<>();
    for (long t = 0; t <= STEP; t += 500) {
      long end = t * rate / 1000;
      long read = end - Math.max(0, Math.min(end, lagAt.at(t)));
      samples.add(new LagSample(t, end, read, Math.max(0, read - rate)));
    }
    return samples;
  }
}
