package io.communitypulse.bench.e2e;

import io.communitypulse.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;

/**
 * What the end-to-end part runs: the rates to climb, how long each step lasts, how long the search
 * may take in all, the freshness phase, the job's parallelism and state backend, and the simulated
 * population. Validated on construction.
 *
 * @param rates the ladder of input rates, events per second, increasing
 * @param step how long each rate is produced
 * @param searchBudget the most the steps (with the waits between them) may take together; a step
 *     that would end later is not started
 * @param freshness how long the half-rate phase sends probes
 * @param probeEvery the time between two freshness probes
 * @param parallelism the job's parallelism (the mini-cluster gets as many slots)
 * @param stateBackend the job's state backend
 * @param simulation the simulator settings of the load
 */
public record EndToEndSettings(
    List<Integer> rates,
    Duration step,
    Duration searchBudget,
    Duration freshness,
    Duration probeEvery,
    int parallelism,
    StateBackendChoice stateBackend,
    SimulatorSettings simulation) {

  /** The ladder of the issue: 5 000 to 40 000 events/s. */
  public static final List<Integer> DEFAULT_RATES = List.of(5_000, 10_000, 20_000, 30_000, 40_000);

  /** How many times the first rung is halved when it fails. */
  static final int DESCENTS = 3;

  /** How many midpoints are tried once a rate failed. */
  static final int REFINEMENTS = 2;

  /** Lag is read this often. */
  static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

  /** Elasticsearch is searched for probes this often. */
  static final Duration POLL_EVERY = Duration.ofMillis(100);

  /** The most a step waits for the job to work off the previous step's backlog. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(45);

  /** How long probes may still take to appear after the last one was sent. */
  static final Duration PROBE_GRACE = Duration.ofSeconds(15);

  public EndToEndSettings {
    rates = List.copyOf(rates);
    new StepSearch(rates, DESCENTS, REFINEMENTS); // validates the ladder
    if (step.compareTo(Duration.ofSeconds(8)) < 0) {
      throw new IllegalArgumentException(
          "a step must last at least 8 s, was " + step.toMillis() / 1000.0 + " s");
    }
    if (searchBudget.compareTo(step.plus(DRAIN_TIMEOUT)) < 0) {
      throw new IllegalArgumentException(
          "the search budget must hold at least one step and its wait: "
              + step.plus(DRAIN_TIMEOUT));
    }
    if (probeEvery.isNegative() || probeEvery.isZero() || freshness.compareTo(probeEvery) < 0) {
      throw new IllegalArgumentException("the freshness phase must send at least one probe");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
    }
  }
}
