package io.communitypulse.bench.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether the job sustained the input rate of one step: whether the backlog it has not yet
 * read ({@link LagSample#readLag()}) stopped growing. Single readings jitter (fetch batches, a
 * garbage collection, a checkpoint's synchronous part), so the rule compares smoothed levels.
 *
 * <p>The rule, for a step of duration D at target rate R: the <i>middle lag</i> is the median of
 * the read-lag samples taken in [D/4, D/2), the <i>end lag</i> the median of those in [3D/4, D].
 * The step holds when
 *
 * <ol>
 *   <li>the producer delivered at least {@value #MIN_PRODUCED_SHARE} of R (else the box could not
 *       even produce that rate next to the job), and
 *   <li>end lag ≤ middle lag + R × the allowed growth (one second of input by default).
 * </ol>
 *
 * <p>A step also fails, and ends at once, when after its first quarter the job is more than {@link
 * #GIVE_UP_BEHIND} of input behind ({@link #clearlyBehind}): going on would only build a backlog
 * that the next step would first have to work off.
 *
 * <p>The first quarter is never judged: it holds the job's warm-up and the backlog of the step
 * before. The windows' centres lie D/2 apart, so a job that reads less than about R × (1 − 2 ×
 * growth / D) fails (with D = 30 s and 1 s: below 93 % of R); one just under R may pass the step,
 * and then fails the next, higher one.
 */
public final class SustainRule {

  /** The share of the target rate the producer must reach for a step to count. */
  public static final double MIN_PRODUCED_SHARE = 0.95;

  /** By default the lag may grow by one second of input between the middle and the end. */
  public static final Duration DEFAULT_ALLOWED_GROWTH = Duration.ofSeconds(1);

  /** A job this far behind (as input time at the step's rate) has clearly not kept up. */
  public static final Duration GIVE_UP_BEHIND = Duration.ofSeconds(5);

  private final Duration allowedGrowth;

  /**
   * @param allowedGrowth how much input the lag may grow by between the middle and the end of a
   *     step, as a time at the step's rate
   */
  public SustainRule(Duration allowedGrowth) {
    if (allowedGrowth.isNegative()) {
      throw new IllegalArgumentException("allowed growth must not be negative");
    }
    this.allowedGrowth = allowedGrowth;
  }

  /**
   * Whether a step can end early as failed: past its first quarter and more than {@link
   * #GIVE_UP_BEHIND} of input behind.
   */
  public boolean clearlyBehind(double targetRate, long stepMillis, LagSample latest) {
    return latest.atMillis() >= stepMillis / 4
        && latest.readLag() > targetRate * GIVE_UP_BEHIND.toMillis() / 1000.0;
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
    long allowed = Math.round(targetRate * allowedGrowth.toMillis() / 1000.0);
    if (samples.size() < 2 || mid.length == 0) {
      return new StepVerdict(false, 0, 0, 0, 0, allowed, "too few lag samples");
    }
    LagSample first = samples.get(0);
    LagSample last = samples.get(samples.size() - 1);
    if (end.length == 0 && !clearlyBehind(targetRate, stepMillis, last)) {
      return new StepVerdict(false, 0, 0, 0, 0, allowed, "too few lag samples");
    }
    double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
    double produced = seconds <= 0 ? 0 : (last.endOffsets() - first.endOffsets()) / seconds;
    long midLag = median(mid);
    long endLag = end.length == 0 ? last.readLag() : median(end);
    double between = ((endFrom + stepMillis) - (midFrom + midTo)) / 2000.0;
    double read =
        end.length == 0
            ? (last.readRecords() - first.readRecords()) / seconds
            : Math.max(0, produced - (endLag - midLag) / between);
    String reason;
    boolean held = false;
    if (clearlyBehind(targetRate, stepMillis, last)) {
      reason =
          String.format(
              Locale.ROOT,
              "%,d records behind after %.1f s, more than %d s of input: ended early",
              last.readLag(),
              last.atMillis() / 1000.0,
              GIVE_UP_BEHIND.toSeconds());
    } else if (produced < MIN_PRODUCED_SHARE * targetRate) {
      reason =
          String.format(
              Locale.ROOT,
              "the producer reached only %,.0f of %,.0f events/s",
              produced,
              targetRate);
    } else if (endLag > midLag + allowed) {
      reason =
          String.format(Locale.ROOT, "lag grew by %,d (more than %,d)", endLag - midLag, allowed);
    } else {
      held = true;
      reason = "lag did not grow";
    }
    return new StepVerdict(held, produced, read, midLag, endLag, allowed, reason);
  }

  private static long[] lags(List<LagSample> samples, long from, long to, boolean inclusive) {
    return samples.stream()
        .filter(s -> s.atMillis() >= from && (inclusive ? s.atMillis() <= to : s.atMillis() < to))
        .mapToLong(LagSample::readLag)
        .toArray();
  }

  /** The median; for an even count the mean of the middle two, rounded. */
  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : Math.round((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0);
  }

  /**
   * What the rule found for one step.
   *
   * @param producedRate events per second Kafka acknowledged over the step
   * @param readRate the produced rate less the lag's growth between the two windows: about what the
   *     job read in the second half of the step (for a step that ended early: what it read in all)
   * @param midLag median read lag in [D/4, D/2), records
   * @param endLag median read lag in [3D/4, D], records
   * @param allowedGrowth the most the lag may grow between them, records
   */
  public record StepVerdict(
      boolean held,
      double producedRate,
      double readRate,
      long midLag,
      long endLag,
      long allowedGrowth,
      String reason) {}
}
