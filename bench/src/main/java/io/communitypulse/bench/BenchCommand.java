package io.communitypulse.bench;

import io.communitypulse.bench.collector.CollectorBench;
import io.communitypulse.bench.e2e.EndToEndBench;
import io.communitypulse.bench.e2e.EndToEndResult;
import io.communitypulse.bench.e2e.EndToEndSettings;
import io.communitypulse.bench.e2e.StateBackendChoice;
import io.communitypulse.config.PulseConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse bench}: the engagement job (J) against a Flink SQL baseline (B) on the same
 * simulated input, in the same mini-cluster and JVM. First one untimed run of each, whose outputs
 * must pass the {@link CorrectnessGate}; then alternating timed runs; with {@code --e2e} the
 * end-to-end part ({@link EndToEndBench}); then the table of medians.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the engagement job (J) against a Flink SQL baseline (B) on the same input.",
      "Prints the median of the timed runs: metric | J | B | J/B | target | met?"
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      defaultValue = "5000000",
      description =
          "Simulated events (at least 5 000 000 for a reportable figure; default ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Timed runs of each job, alternating (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of both jobs (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed.")
  long seed;

  @Option(names = "--communities", defaultValue = "4", description = "Simulated communities.")
  int communities;

  @Option(names = "--members", defaultValue = "2500", description = "Members per community.")
  int members;

  @Option(names = "--visitors", defaultValue = "5000", description = "Visitors per community.")
  int visitors;

  @Option(
      names = "--cache-dir",
      defaultValue = "${java.io.tmpdir}/pulse-bench",
      description =
          "Where the generated input is kept for the next run (default ${DEFAULT-VALUE}).")
  String cacheDir;

  @Option(
      names = "--only",
      description =
          "Profiling aid: run only J or only B, --runs times, without the gate or the table.")
  String only;

  @Option(
      names = "--gate-out",
      description =
          "Also write every figure the gate compares, J's and B's side by side, to this directory"
              + " (members.tsv, community-days.tsv), to check differences against the input.")
  String gateOut;

  @Option(
      names = "--hot-community",
      description = {
        "Instead of J against B: J alone at parallelism 2 on the input spread over its communities"
            + " and on the same events all in one community (only community_id differs),"
            + " --runs times each, alternating; prints both throughputs and their ratio"
            + " (target: one community >= 0.9x spread). Use with --events 1000000."
      })
  boolean hotCommunity;

  @Option(
      names = "--state-backends",
      description = {
        "Instead of J against B: J alone with its state on the heap and in RocksDB (incremental"
            + " checkpoints, as production runs), --runs times each, alternating; prints CPU per"
            + " event of both and their ratio (target: RocksDB <= 4x heap)."
      })
  boolean stateBackends;

  @Option(
      names = "--erasures",
      paramLabel = "N",
      defaultValue = "0",
      description = {
        "Instead of J against B: J alone on RocksDB without erasure requests and with N of them"
            + " arriving after nine tenths of the input (every keyed stage then scans its keys),"
            + " --runs times each, alternating; prints what one request costs in CPU and time."
      })
  int erasures;

  @Option(
      names = "--collector",
      description = {
        "Instead of J against B: the HTTP collector against a plain Kafka producer sending the"
            + " same events to a local broker, batches of 1 and 20, --runs windows each,"
            + " alternating; prints events/s, CPU per event and p50/p99 latency at half the"
            + " highest rate (targets: >= 20 000 events/s at 20, CPU <= 2x, p99 <= 20 ms)."
      })
  boolean collector;

  @Option(
      names = "--collector-seconds",
      defaultValue = "10",
      description = "Collector: length of each measured window (default ${DEFAULT-VALUE}).")
  int collectorSeconds;

  @Option(
      names = "--e2e",
      description = {
        "Also run the end-to-end part: real Kafka -> J -> real Elasticsearch on this machine"
            + " (about 5 min). With --only J, only that part."
      })
  boolean e2e;

  @Option(
      names = "--e2e-rates",
      split = ",",
      description =
          "End to end: the input rates to climb, events/s (default 5000,10000,20000,30000,40000).")
  List<Integer> e2eRates = EndToEndSettings.DEFAULT_RATES;

  @Option(
      names = "--e2e-step-seconds",
      defaultValue = "30",
      description = "End to end: how long each rate is held (default ${DEFAULT-VALUE}).")
  int e2eStepSeconds;

  @Option(
      names = "--e2e-state-backend",
      defaultValue = "ROCKSDB",
      description =
          "End to end: ROCKSDB (incremental checkpoints, as production runs) or HASHMAP (the heap,"
              + " as local ./pulse runs); default ${DEFAULT-VALUE}.")
  StateBackendChoice e2eStateBackend;

  @Option(
      names = "--e2e-parallelism",
      description = "End to end: the job's parallelism (default: the job's own, job.parallelism).")
  Integer e2eParallelism;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (runs < 1 || events < 1 || parallelism < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--runs, --events and --parallelism must be positive");
    }
    if (collector) {
      if (hotCommunity || stateBackends || erasures > 0 || e2e || only != null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--collector is a case of its own: not with other cases");
      }
      return new CollectorBench(runs, Duration.ofSeconds(collectorSeconds), out).run();
    }
    if (erasures < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--erasures must not be negative");
    }
    int jAloneCases = (hotCommunity ? 1 : 0) + (stateBackends ? 1 : 0) + (erasures > 0 ? 1 : 0);
    if (jAloneCases > 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--hot-community, --state-backends and --erasures are separate cases");
    }
    if (jAloneCases == 1 && (e2e || only != null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--hot-community, --state-backends and --erasures run J alone: not with --only or"
              + " --e2e");
    }
    if (e2e && only != null) {
      if (!only.equals("J")) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "the end-to-end part measures J only: use --e2e --only J");
      }
      EndToEndResult result = new EndToEndBench(endToEndSettings(), out).run();
      out.println();
      new BenchReport(out).endToEnd(result);
      return 0;
    }
    long started = System.nanoTime();
    BenchInput input =
        BenchInput.cachedOrGenerate(
            BenchInput.settings(seed, communities, members, visitors),
            events,
            java.nio.file.Path.of(cacheDir));
    BenchInput.use(input);
    out.printf(
        Locale.ROOT,
        "input: %,d events (%,d clicks, %,d posts, %,d MiB wire), %,d members, seed %d,"
            + " as-of day %s; generated in %.1f s%n",
        input.events(),
        input.clicks().length,
        input.posts().length,
        input.bytes() >> 20,
        input.members(),
        seed,
        input.asOfDate(),
        (System.nanoTime() - started) / 1e9);

    Figures figures;
    try (BenchCluster cluster =
        new BenchCluster(Math.max(2, hotCommunity ? HotCommunityCase.PARALLELISM : parallelism))) {
      if (hotCommunity) {
        HotCommunityCase.Result result = HotCommunityCase.run(cluster, input, runs, out);
        out.println();
        HotCommunityCase.print(out, result, input.events(), runs, communities);
        return 0;
      }
      if (stateBackends) {
        StateBackendCase.Result result = StateBackendCase.run(cluster, parallelism, runs, out);
        out.println();
        StateBackendCase.print(out, result, input.events(), runs, parallelism);
        return 0;
      }
      if (erasures > 0) {
        ErasureCase.Result result = ErasureCase.run(cluster, parallelism, erasures, runs, out);
        out.println();
        ErasureCase.print(out, result, input.events(), input.members(), runs, parallelism);
        return 0;
      }
      if (only != null) {
        for (int round = 0; round < runs; round++) {
          RunResult r = run(cluster, only);
          print(out, round, only, r);
          r.breakdown().print(out, only + ", run " + (round + 1));
        }
        return 0;
      }
      out.println("gate: one untimed run of each, outputs kept...");
      RunResult gateJ = EngagementRun.run(cluster, parallelism, true);
      RunResult gateB = SqlBaselineRun.run(cluster, parallelism, true);
      CorrectnessGate.Verdict verdict =
          CorrectnessGate.fromLedgers(
              input.asOfDate(), gateOut == null ? null : java.nio.file.Path.of(gateOut));
      BulkLedger.reset(false);
      BaselineLedger.reset(false);
      out.printf(
          Locale.ROOT,
          "gate: sessions J %,d / B %,d, members J %,d / B %,d (%d actors cut at the 12 h"
              + " maximum left out), community days J %,d / B %,d; differences %,d (sessions %,d,"
              + " members %,d, community days %,d) -> %s%n",
          verdict.sessionsJ(),
          verdict.sessionsB(),
          verdict.membersJ(),
          verdict.membersB(),
          verdict.actorsCutAtMaxLength(),
          verdict.communityDaysJ(),
          verdict.communityDaysB(),
          verdict.differences(),
          verdict.sessionDifferences(),
          verdict.memberDifferences(),
          verdict.communityDayDifferences(),
          verdict.passed() ? "PASSED" : "FAILED");
      verdict.shown().forEach(d -> out.println("  " + d));
      out.printf(
          Locale.ROOT,
          "gate runs (untimed warm-up): J %.1f s, B %.1f s%n",
          gateJ.wallNanos() / 1e9,
          gateB.wallNanos() / 1e9);
      if (!verdict.passed()) {
        out.println("The correctness gate failed: no speed figures are reported.");
        return 1;
      }

      List<RunResult> j = new ArrayList<>();
      List<RunResult> b = new ArrayList<>();
      for (int round = 0; round < runs; round++) {
        for (String job : Medians.order(round)) {
          RunResult r = run(cluster, job);
          (job.equals("J") ? j : b).add(r);
          print(out, round, job, r);
        }
      }

      figures = new Figures(j, b, verdict, input.events());
    }
    // The in-memory input and cluster are gone before the end-to-end part starts its own.
    BenchInput.use(null);
    EndToEndResult endToEnd = e2e ? new EndToEndBench(endToEndSettings(), out).run() : null;

    out.println();
    out.printf(
        Locale.ROOT,
        "Medians of %d alternating runs each, parallelism %d, %,d events;"
            + " gate PASSED on %,d sessions, %,d members and %,d community days.%n",
        runs,
        parallelism,
        figures.events(),
        figures.verdict().sessionsJ(),
        figures.verdict().membersJ(),
        figures.verdict().communityDaysJ());
    BenchReport report = new BenchReport(out);
    report.figures(figures.j(), figures.b());
    report.endToEnd(endToEnd);
    out.println();
    RunResult lastJ = figures.j().get(figures.j().size() - 1);
    lastJ.breakdown().print(out, "J, timed run " + figures.j().size());
    return 0;
  }

  /** The timed runs' results and the gate they passed. */
  private record Figures(
      List<RunResult> j, List<RunResult> b, CorrectnessGate.Verdict verdict, long events) {}

  private EndToEndSettings endToEndSettings() {
    try {
      return endToEndSettingsUnchecked();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
  }

  private EndToEndSettings endToEndSettingsUnchecked() {
    return new EndToEndSettings(
        e2eRates,
        Duration.ofSeconds(e2eStepSeconds),
        // With 30 s steps: about six steps and their waits; with start-up and the freshness phase
        // the part takes about five minutes.
        Duration.ofSeconds(e2eStepSeconds * 7L),
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        e2eParallelism != null ? e2eParallelism : PulseConfig.defaults().job().parallelism(),
        e2eStateBackend,
        // The benchmark's population, without duplicates, late or malformed events: every event
        // is re-dated when it is produced, so a duplicate would carry another time than its
        // original and the simulator's lateness would mean nothing.
        BenchInput.settings(seed, communities, members, visitors));
  }

  private RunResult run(BenchCluster cluster, String job) throws Exception {
    return switch (job) {
      case "J" -> EngagementRun.run(cluster, parallelism, false);
      case "B" -> SqlBaselineRun.run(cluster, parallelism, false);
      default -> throw new IllegalArgumentException("--only takes J or B, not " + job);
    };
  }

  private static void print(PrintStream out, int round, String job, RunResult r) {
    out.printf(
        Locale.ROOT,
        "run %d %s: %.1f s, %,.0f events/s, %.2f CPU-s/M events, %,d writes (%s),"
            + " %d checkpoints, max state %,d B, peak heap +%,d MiB%n",
        round + 1,
        job,
        r.wallNanos() / 1e9,
        r.eventsPerSecond(),
        r.cpuSecondsPerMillionEvents(),
        r.writes(),
        job.equals("J") ? BulkLedger.operationsByIndex() : BaselineLedger.writesByOutput(),
        r.checkpoints(),
        r.maxStateBytes(),
        r.peakHeapBytes() >> 20);
  }
}
