package io.communitypulse.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./pulse bench --hot-community}: J alone on the same events spread over their communities
 * and all put into one community ({@link BenchInput#withCommunity}: same members, devices and
 * times; only {@code community_id} differs), at parallelism {@value #PARALLELISM}, alternating. A
 * community is one key of the community stage, so one community puts all of that stage's work on
 * one subtask; the target is that this costs J at most a tenth of its throughput.
 */
final class HotCommunityCase {

  static final int PARALLELISM = 2;

  /** The one community every event is moved into. */
  static final String HOT = "hot";

  /** One community must keep at least this share of the spread input's throughput. */
  static final double TARGET = 0.9;

  private HotCommunityCase() {}

  /** The medians of both variants' runs. */
  record Result(double spreadEventsPerSecond, double hotEventsPerSecond) {
    double ratio() {
      return hotEventsPerSecond / spreadEventsPerSecond;
    }

    boolean met() {
      return ratio() >= TARGET;
    }
  }

  static Result run(BenchCluster cluster, BenchInput input, int runs, PrintStream out)
      throws Exception {
    AlternatingRuns.Runs r =
        AlternatingRuns.of(
            "hot-community",
            variant(cluster, "spread", input.withCommunity(null)),
            variant(cluster, "one community", input.withCommunity(HOT)),
            runs,
            out);
    BenchInput.use(input);
    return new Result(
        Medians.of(r.first(), RunResult::eventsPerSecond),
        Medians.of(r.second(), RunResult::eventsPerSecond));
  }

  private static AlternatingRuns.Variant variant(
      BenchCluster cluster, String name, BenchInput input) {
    return new AlternatingRuns.Variant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RunResult run() throws Exception {
        BenchInput.use(input);
        return EngagementRun.run(cluster, PARALLELISM, false);
      }
    };
  }

  static void print(PrintStream out, Result result, long events, int runs, int communities) {
    out.printf(
        Locale.ROOT,
        "hot community: J at parallelism %d, %,d events, median of %d run(s) each:"
            + " spread over %d communities %,.0f events/s, all in one community %,.0f events/s;"
            + " one/spread %.2f (target >= %.1f: %s)%n",
        PARALLELISM,
        events,
        runs,
        communities,
        result.spreadEventsPerSecond(),
        result.hotEventsPerSecond(),
        result.ratio(),
        TARGET,
        result.met() ? "met" : "NOT met");
  }
}
