package io.communitypulse.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
    BenchInput spread = input.withCommunity(null);
    BenchInput hot = input.withCommunity(HOT);
    List<RunResult> spreadRuns = new ArrayList<>();
    List<RunResult> hotRuns = new ArrayList<>();
    for (int round = 0; round < runs; round++) {
      // Alternate which variant runs first, as the J/B rounds do.
      for (boolean isHot :
          round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        BenchInput.use(isHot ? hot : spread);
        RunResult r = EngagementRun.run(cluster, PARALLELISM, false);
        (isHot ? hotRuns : spreadRuns).add(r);
        out.printf(
            Locale.ROOT,
            "hot-community run %d, %s: %.1f s, %,.0f events/s, %.2f CPU-s/M events,"
                + " %d checkpoints, max state %,d B%n",
            round + 1,
            isHot ? "one community" : "spread",
            r.wallNanos() / 1e9,
            r.eventsPerSecond(),
            r.cpuSecondsPerMillionEvents(),
            r.checkpoints(),
            r.maxStateBytes());
        if (round == runs - 1) {
          r.breakdown().print(out, "J, " + (isHot ? "one community" : "spread") + ", last run");
        }
      }
    }
    BenchInput.use(input);
    return new Result(
        Medians.of(spreadRuns, RunResult::eventsPerSecond),
        Medians.of(hotRuns, RunResult::eventsPerSecond));
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
