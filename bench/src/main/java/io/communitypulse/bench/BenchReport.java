package io.communitypulse.bench;

import io.communitypulse.bench.e2e.EndToEndResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** The table {@code ./pulse bench} prints: metric | J | B | J/B | target | met?. */
final class BenchReport {

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
    header();
  }

  private void header() {
    out.println(
        String.format(
            Locale.ROOT,
            "%-44s | %12s | %12s | %7s | %-22s | %s",
            "metric",
            "J",
            "B",
            "J/B",
            "target",
            "met?"));
    out.println("-".repeat(120));
  }

  /** A row comparing J and B, with an optional target and its verdict. */
  void row(String metric, double j, double b, String target, Boolean met) {
    out.println(
        String.format(
            Locale.ROOT,
            "%-44s | %12s | %12s | %7s | %-22s | %s",
            metric,
            number(j),
            number(b),
            b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", j / b),
            target,
            met == null ? "-" : (met ? "yes" : "NO")));
  }

  /** A row with text cells, for figures that are not numbers (or not measured). */
  void text(String metric, String j, String b, String target, String met) {
    out.println(
        String.format(
            Locale.ROOT, "%-44s | %12s | %12s | %7s | %-22s | %s", metric, j, b, "-", target, met));
  }

  /** The medians of J's and B's timed runs. */
  void figures(List<RunResult> j, List<RunResult> b) {
    double tj = Medians.of(j, RunResult::eventsPerSecond);
    double tb = Medians.of(b, RunResult::eventsPerSecond);
    row("throughput (events/s, wall clock)", tj, tb, "J >= 2x B", tj >= 2 * tb);
    double cj = Medians.of(j, RunResult::cpuSecondsPerMillionEvents);
    double cb = Medians.of(b, RunResult::cpuSecondsPerMillionEvents);
    row("CPU-seconds per million events", cj, cb, "J <= 1.0x B", cj <= cb);
    double pj = Medians.of(j, RunResult::eventsPerCpuSecond);
    double pb = Medians.of(b, RunResult::eventsPerCpuSecond);
    row("events per CPU-second (per core)", pj, pb, "J >= 100000", pj >= 100_000);
    double wj = Medians.of(j, RunResult::writesPerThousandEvents);
    double wb = Medians.of(b, RunResult::writesPerThousandEvents);
    row("ES write operations per 1000 events", wj, wb, "J <= 0.2x B", wj <= 0.2 * wb);
    double sj = Medians.of(j, RunResult::stateBytesPerMember);
    double sb = Medians.of(b, RunResult::stateBytesPerMember);
    row("checkpointed state bytes per member (max)", sj, sb, "J <= 2x B", sj <= 2 * sb);
    row(
        "peak live heap during run (MiB)",
        Medians.of(j, r -> r.peakHeapBytes() / 1048576.0),
        Medians.of(b, r -> r.peakHeapBytes() / 1048576.0),
        "(reported)",
        null);
    row(
        "wall seconds per run",
        Medians.of(j, r -> r.wallNanos() / 1e9),
        Medians.of(b, r -> r.wallNanos() / 1e9),
        "(reported)",
        null);
  }

  /** The end-to-end rows: measured by {@code --e2e}, else "not run". */
  void endToEnd(EndToEndResult e2e) {
    if (e2e == null) {
      text("e2e: sustained events/s on 2 cores", "not run", "-", "J >= 15000", "-");
      text("e2e: freshness p99 at half rate (s)", "not run", "-", "J <= 3", "-");
      return;
    }
    double sustained = e2e.sustainedRate();
    text(
        "e2e: sustained events/s on 2 cores",
        (e2e.lowerBound() ? ">= " : "") + String.format(Locale.ROOT, "%,.0f", sustained),
        "-",
        "J >= 15000",
        sustained >= 15_000 ? "yes" : "NO");
    OptionalLong p99 = e2e.freshness().percentile(0.99);
    text(
        "e2e: freshness p99 at half rate (s)",
        p99.isPresent()
            ? String.format(Locale.ROOT, "%.3f", p99.getAsLong() / 1000.0)
            // Fell on a probe never seen: it waited at least this long.
            : e2e.freshness().describe(0.99).replace(" s", ""),
        "-",
        "J <= 3",
        p99.isPresent() && p99.getAsLong() <= 3000 ? "yes" : "NO");
  }

  static String number(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
