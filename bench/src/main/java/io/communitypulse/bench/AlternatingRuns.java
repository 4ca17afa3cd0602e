package io.communitypulse.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * J alone in two variants (one community or four, heap or RocksDB, …), {@code runs} times each,
 * after one untimed warm-up, alternating which goes first so neither always runs on the warmer JVM;
 * prints a line per run and the per-task breakdown of each variant's last run.
 */
final class AlternatingRuns {

  /** One variant: its name in the output and how to run it once. */
  interface Variant {
    String name();

    RunResult run() throws Exception;
  }

  /** Each variant's runs, in order. */
  record Runs(List<RunResult> first, List<RunResult> second) {}

  private AlternatingRuns() {}

  static Runs of(String what, Variant first, Variant second, int runs, PrintStream out)
      throws Exception {
    // One untimed run first, as the J/B gate runs are: a cold JIT made the first timed run of
    // either variant up to twice as costly and its median meaningless at few runs.
    RunResult warmUp = first.run();
    out.printf(
        Locale.ROOT,
        "%s warm-up, %s: %.1f s (not counted)%n",
        what,
        first.name(),
        warmUp.wallNanos() / 1e9);
    List<RunResult> firstRuns = new ArrayList<>();
    List<RunResult> secondRuns = new ArrayList<>();
    for (int round = 0; round < runs; round++) {
      for (boolean isFirst :
          round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
        Variant v = isFirst ? first : second;
        RunResult r = v.run();
        (isFirst ? firstRuns : secondRuns).add(r);
        out.printf(
            Locale.ROOT,
            "%s run %d, %s: %.1f s, %,.0f events/s, %.2f CPU-s/M events,"
                + " %d checkpoints, max state %,d B%n",
            what,
            round + 1,
            v.name(),
            r.wallNanos() / 1e9,
            r.eventsPerSecond(),
            r.cpuSecondsPerMillionEvents(),
            r.checkpoints(),
            r.maxStateBytes());
        if (round == runs - 1) {
          r.breakdown().print(out, "J, " + v.name() + ", last run");
        }
      }
    }
    return new Runs(firstRuns, secondRuns);
  }
}
