package io.communitypulse.bench.e2e;

import io.communitypulse.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;

/**
 * What the end-to-end part runs: the rates to climb, how long each step lasts, the freshness phase,
 * the job's parallelism and the simulated population. Validated on construction.
 *
 * @param rates the ladder of input rates, events per second, increasing
 * @param refinements midpoints tried after the first rate that did not hold
 * @param step how long each rate is produced
 * @param freshness how long the half-rate phase sends probes
 * @param probeEvery the time between two freshness probes
 * @param parallelism the job's parallelism (the mini-cluster gets as many slots)
 * @param simulation the simulator settings of the load
 */
public record EndToEndSettings(
    List<Integer> rates,
    int refinements,
    Duration step,
    Duration freshness,
    Duration probeEvery,
    int parallelism,
    SimulatorSettings simulation) {

  /** The ladder of the issue: 5 000 to 40 000 events/s. */
  public static final List<Integer> DEFAULT_RATES = List.of(5_000, 10_000, 20_000, 30_000, 40_000);

  /** Lag is read this often during a step. */
  static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

  /** Elasticsearch is searched for probes this often. */
  static final Duration POLL_EVERY = Duration.ofMillis(100);

  /** The most a step waits for the job to work off the previous step's backlog. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long probes may still take to appear after the last one was sent. */
  static final Duration PROBE_GRACE = Duration.ofSeconds(15);

  public EndToEndSettings {
    rates = List.copyOf(rates);
    new StepSearch(rates, refinements); // validates the ladder
    if (step.compareTo(Duration.ofSeconds(8)) < 0) {
      throw new IllegalArgumentException("a step must last at least 8 s, was " + step);
    }
    if (freshness.compareTo(probeEvery) < 0 || probeEvery.isNegative() || probeEvery.isZero()) {
      throw new IllegalArgumentException("the freshness phase must send at least one probe");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
    }
  }
}
