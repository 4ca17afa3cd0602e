package io.communitypulse.bench;

import io.communitypulse.bench.e2e.StateBackendChoice;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./pulse bench --erasures N}: J alone on RocksDB, as production runs, without erasure
 * requests and with N of them arriving when nine tenths of the input have been read ({@link
 * ReleasedErasures}), alternating. Each request makes every keyed stage visit all its keys
 * (docs/privacy.md), so the difference of the two CPU costs, divided by N, is what one request
 * costs at this state size.
 */
final class ErasureCase {

  private ErasureCase() {}

  /** The medians of both variants' runs. */
  record Result(
      int erasures,
      double baseCpuSeconds,
      double baseWallSeconds,
      double withCpuSeconds,
      double withWallSeconds) {

    double cpuSecondsPerRequest() {
      return (withCpuSeconds - baseCpuSeconds) / erasures;
    }

    double wallSecondsPerRequest() {
      return (withWallSeconds - baseWallSeconds) / erasures;
    }
  }

  static Result run(BenchCluster cluster, int parallelism, int erasures, int runs, PrintStream out)
      throws Exception {
    AlternatingRuns.Runs r =
        AlternatingRuns.of(
            "erasures",
            variant(cluster, parallelism, 0),
            variant(cluster, parallelism, erasures),
            runs,
            out);
    return new Result(
        erasures,
        Medians.of(r.first(), x -> x.cpuNanos() / 1e9),
        Medians.of(r.first(), x -> x.wallNanos() / 1e9),
        Medians.of(r.second(), x -> x.cpuNanos() / 1e9),
        Medians.of(r.second(), x -> x.wallNanos() / 1e9));
  }

  private static AlternatingRuns.Variant variant(
      BenchCluster cluster, int parallelism, int erasures) {
    return new AlternatingRuns.Variant() {
      @Override
      public String name() {
        return erasures == 0 ? "no erasure" : erasures + " erasure requests";
      }

      @Override
      public RunResult run() throws Exception {
        return EngagementRun.run(cluster, parallelism, false, StateBackendChoice.ROCKSDB, erasures);
      }
    };
  }

  static void print(
      PrintStream out, Result result, long events, int members, int runs, int parallelism) {
    out.printf(
        Locale.ROOT,
        "erasures: J on RocksDB at parallelism %d, %,d events, %,d members, median of %d run(s)"
            + " each: without %.1f CPU-s (%.1f s), with %d requests %.1f CPU-s (%.1f s); one"
            + " request costs %.2f CPU-s and %.2f s of the run%n",
        parallelism,
        events,
        members,
        runs,
        result.baseCpuSeconds(),
        result.baseWallSeconds(),
        result.erasures(),
        result.withCpuSeconds(),
        result.withWallSeconds(),
        result.cpuSecondsPerRequest(),
        result.wallSecondsPerRequest());
  }
}
