package io.communitypulse.bench;

import io.communitypulse.bench.e2e.StateBackendChoice;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
    List<RunResult> heap = new ArrayList<>();
    List<RunResult> rocksDb = new ArrayList<>();
    for (int round = 0; round < runs; round++) {
      for (StateBackendChoice backend :
          round % 2 == 0
              ? new StateBackendChoice[] {StateBackendChoice.HASHMAP, StateBackendChoice.ROCKSDB}
              : new StateBackendChoice[] {StateBackendChoice.ROCKSDB, StateBackendChoice.HASHMAP}) {
        RunResult r = EngagementRun.run(cluster, parallelism, false, backend);
        (backend == StateBackendChoice.ROCKSDB ? rocksDb : heap).add(r);
        out.printf(
            Locale.ROOT,
            "state-backend run %d, %s: %.1f s, %,.0f events/s, %.2f CPU-s/M events,"
                + " %d checkpoints, max state %,d B%n",
            round + 1,
            backend.description(),
            r.wallNanos() / 1e9,
            r.eventsPerSecond(),
            r.cpuSecondsPerMillionEvents(),
            r.checkpoints(),
            r.maxStateBytes());
        if (round == runs - 1) {
          r.breakdown().print(out, "J, " + backend.description() + ", last run");
        }
      }
    }
    return new Result(
        Medians.of(heap, RunResult::cpuSecondsPerMillionEvents),
        Medians.of(heap, RunResult::eventsPerSecond),
        Medians.of(rocksDb, RunResult::cpuSecondsPerMillionEvents),
        Medians.of(rocksDb, RunResult::eventsPerSecond));
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
