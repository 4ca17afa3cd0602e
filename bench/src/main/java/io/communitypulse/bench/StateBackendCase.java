package io.communitypulse.bench;

import io.communitypulse.bench.e2e.StateBackendChoice;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./pulse bench --state-backends}: J alone on the same input with its state on the heap and
 * in RocksDB (incremental checkpoints, as production runs), alternating, in one cluster. Production
 * pays RocksDB's price for every state access, so the ratio of CPU per event is the figure to
 * watch; the target is RocksDB at most {@value #TARGET}× the heap.
 */
final class StateBackendCase {

  /** RocksDB may cost at most this many times the heap's CPU per event. */
  static final double TARGET = 4.0;

  private StateBackendCase() {}

  /** The medians of both backends' runs. */
  record Result(double heapCpu, double heapRate, double rocksDbCpu, double rocksDbRate) {
    double cpuRatio() {
      return rocksDbCpu / heapCpu;
    }
  }

  static Result run(BenchCluster cluster, int parallelism, int runs, PrintStream out)
      throws Exception {
    AlternatingRuns.Runs r =
        AlternatingRuns.of(
            "state-backend",
            variant(cluster, parallelism, StateBackendChoice.HASHMAP),
            variant(cluster, parallelism, StateBackendChoice.ROCKSDB),
            runs,
            out);
    return new Result(
        Medians.of(r.first(), RunResult::cpuSecondsPerMillionEvents),
        Medians.of(r.first(), RunResult::eventsPerSecond),
        Medians.of(r.second(), RunResult::cpuSecondsPerMillionEvents),
        Medians.of(r.second(), RunResult::eventsPerSecond));
  }

  private static AlternatingRuns.Variant variant(
      BenchCluster cluster, int parallelism, StateBackendChoice backend) {
    return new AlternatingRuns.Variant() {
      @Override
      public String name() {
        return backend.description();
      }

      @Override
      public RunResult run() throws Exception {
        return EngagementRun.run(cluster, parallelism, false, backend);
      }
    };
  }

  static void print(PrintStream out, Result result, long events, int runs, int parallelism) {
    out.printf(
        Locale.ROOT,
        "state backends: J at parallelism %d, %,d events, median of %d run(s) each:"
            + " heap %.2f CPU-s/M events (%,.0f events/s), RocksDB %.2f CPU-s/M events"
            + " (%,.0f events/s); RocksDB/heap %.2f (target <= %.1f: %s)%n",
        parallelism,
        events,
        runs,
        result.heapCpu(),
        result.heapRate(),
        result.rocksDbCpu(),
        result.rocksDbRate(),
        result.cpuRatio(),
        TARGET,
        result.cpuRatio() <= TARGET ? "met" : "NOT met");
  }
}
