package io.communitypulse.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether the job sustained the input rate of one step: whether its consumer lag stopped
 * growing. The lag is read from the offsets the job commits, which move only when a checkpoint
 * completes, so a job that keeps up still shows a saw-tooth between about zero and one checkpoint
 * interval of input; the rule compares smoothed levels, not single readings.
 *
 * <p>The rule, for a step of duration D at target rate R: the <i>middle lag</i> is the median of
 * the lag samples taken in [D/4, D/2), the <i>end lag</i> the median of those in [3D/4, D]. The
 * step holds when
 *
 * <ol>
 *   <li>the producer delivered at least {@value #MIN_PRODUCED_SHARE} of R (else the box could not
 *       even produce that rate next to the job), and
 *   <li>end lag ≤ middle lag + R × one checkpoint interval: the lag grew by less than the
 *       resolution of committed offsets.
 * </ol>
 *
 * <p>The first quarter is never judged: it holds the job's warm-up and the ramp of the saw-tooth.
 * Between the two windows' centres lie D/2, so a job consuming less than about R × (1 − 2 ×
 * interval / D) fails (with D = 30 s and a 2 s interval: below 87 % of R); one just under R may
 * pass the step, and then fails the next, higher one.
 */
public final class SustainRule {

  /** The share of the target rate the producer must reach for a step to count. */
  public static final double MIN_PRODUCED_SHARE = 0.95;

  private final Duration checkpointInterval;

  public SustainRule(Duration checkpointInterval) {
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive");
    }
    this.checkpointInterval = checkpointInterval;
  }

  /**
   * Judges one step.
   *
   * @param targetRate the rate the producer was paced at, events per second
   * @param stepMillis the step's duration D
   * @param samples the step's lag samples in time order, from one taken as it started (time 0)
   */
  public StepVerdict judge(double targetRate, long stepMillis, List<LagSample> samples) {
    long midFrom = stepMillis / 4;
    long midTo = stepMillis / 2;
    long endFrom = stepMillis * 3 / 4;
    long[] mid = lags(samples, midFrom, midTo, false);
    long[] end = lags(samples, endFrom, stepMillis, true);
    long allowed = Math.round(targetRate * checkpointInterval.toMillis() / 1000.0);
    if (samples.size() < 2 || mid.length == 0 || end.length == 0) {
      return new StepVerdict(false, 0, 0, 0, 0, allowed, "too few lag samples");
    }
    LagSample first = samples.get(0);
    LagSample last = samples.get(samples.size() - 1);
    double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
    double produced = seconds <= 0 ? 0 : (last.endOffsets() - first.endOffsets()) / seconds;
    long midLag = median(mid);
    long endLag = median(end);
    double between = ((endFrom + stepMillis) - (midFrom + midTo)) / 2000.0;
    double consumed = Math.max(0, produced - (endLag - midLag) / between);
    if (produced < MIN_PRODUCED_SHARE * targetRate) {
      return new StepVerdict(
          false,
          produced,
          consumed,
          midLag,
          endLag,
          allowed,
          String.format(
              Locale.ROOT,
              "the producer reached only %,.0f of %,.0f events/s",
              produced,
              targetRate));
    }
    if (endLag > midLag + allowed) {
      return new StepVerdict(
          false,
          produced,
          consumed,
          midLag,
          endLag,
          allowed,
          String.format(Locale.ROOT, "lag grew by %,d (more than %,d)", endLag - midLag, allowed));
    }
    return new StepVerdict(true, produced, consumed, midLag, endLag, allowed, "lag did not grow");
  }

  private static long[] lags(List<LagSample> samples, long from, long to, boolean inclusive) {
    return samples.stream()
        .filter(s -> s.atMillis() >= from && (inclusive ? s.atMillis() <= to : s.atMillis() < to))
        .mapToLong(LagSample::lag)
        .toArray();
  }

  /** The median, the lower-middle one's mean with the upper for an even count, rounded. */
  static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : Math.round((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0);
  }

  /**
   * What the rule found for one step.
   *
   * @param producedRate events per second Kafka acknowledged over the step
   * @param consumedRate the produced rate less the lag's growth between the two windows: about what
   *     the job consumed in the second half of the step
   * @param midLag median lag in [D/4, D/2), records
   * @param endLag median lag in [3D/4, D], records
   * @param allowedGrowth the most the lag may grow between them, records
   */
  public record StepVerdict(
      boolean held,
      double producedRate,
      double consumedRate,
      long midLag,
      long endLag,
      long allowedGrowth,
      String reason) {}
}
