package io.communitypulse.bench.collector;

import io.communitypulse.infra.local.LocalKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./pulse bench --collector} (docs/benchmarks.md, "Collector"): the HTTP collector against a
 * plain Kafka producer sending the same events to the same broker in the same run, for batches of 1
 * and of 20 events. For each batch size and target: the highest rate with {@link #SENDERS} senders
 * (the median of {@code runs} alternating windows) and the target's CPU per event; then p50/p99
 * latency at half that rate. The broker is a local one in this JVM, on the same cores.
 */
public final class CollectorBench {

  /**
   * Concurrent senders (connections), for both targets and both loops: enough that batches of 1 are
   * not held back by waiting for acknowledgements one at a time.
   */
  static final int SENDERS = 64;

  static final int[] BATCHES = {1, 20};

  /** Targets on this 2-core machine (issue 13). */
  static final double TARGET_EVENTS_PER_SECOND_AT_20 = 20_000;

  static final double TARGET_CPU_RATIO = 2.0;
  static final double TARGET_P99_MILLIS = 20;

  private static final Duration WARM_UP = Duration.ofSeconds(3);

  private final int runs;
  private final Duration window;
  private final PrintStream out;

  public CollectorBench(int runs, Duration window, PrintStream out) {
    this.runs = runs;
    this.window = window;
    this.out = out;
  }

  /** Runs every case and prints the table; returns 0. */
  public int run() throws Exception {
    BenchEvents events = new BenchEvents(20_000);
    try (LocalKafka kafka = new LocalKafka().start()) {
      Map<String, String> topics =
          Map.of(
              "kafka.topic.clicks", "bench-collector-clicks",
              "kafka.topic.posts", "bench-collector-posts",
              "kafka.topic.dead-letter", "bench-collector-deadletter");
      kafka.createTopics(
          Map.of(
              "bench-collector-clicks",
              4,
              "bench-collector-posts",
              4,
              "bench-collector-deadletter",
              1));
      String bootstrap = kafka.bootstrapServers();
      try (CollectorTarget collector = new CollectorTarget(bootstrap, topics, events);
          PlainProducerTarget plain =
              new PlainProducerTarget(bootstrap, "bench-collector-clicks", events)) {
        out.printf(
            Locale.ROOT,
            "collector bench: %d senders, %d s windows after %d s warm-up, %d runs each,"
                + " alternating; broker in this JVM (%d cores); load average now %s%n",
            SENDERS,
            window.toSeconds(),
            WARM_UP.toSeconds(),
            runs,
            Runtime.getRuntime().availableProcessors(),
            loadAverage());
        // One untimed window of each first: a cold JIT made the collector's first window at
        // batches of 1 five times as costly as the next ones.
        for (LoadTarget target : List.of(collector, plain)) {
          for (int batch : BATCHES) {
            LoadRun.closedLoop(
                target, batch, SENDERS, WARM_UP, window, senderNames(target, collector));
          }
        }
        out.println("warm-up: one untimed window of each target and batch size done");
        List<Row> rows = new ArrayList<>();
        for (int batch : BATCHES) {
          List<LoadRun.Throughput> c = new ArrayList<>();
          List<LoadRun.Throughput> p = new ArrayList<>();
          for (int round = 0; round < runs; round++) {
            boolean collectorFirst = round % 2 == 0;
            for (LoadTarget target :
                collectorFirst ? List.of(collector, plain) : List.of(plain, collector)) {
              boolean isCollector = target == collector;
              LoadRun.Throughput t =
                  LoadRun.closedLoop(
                      target, batch, SENDERS, WARM_UP, window, senderNames(target, collector));
              (isCollector ? c : p).add(t);
              out.printf(
                  Locale.ROOT,
                  "batch %2d, run %d, %-14s %,9.0f events/s, %6.1f µs CPU/event"
                      + " (whole JVM: %.2f cores busy)%n",
                  batch,
                  round + 1,
                  target.name() + ":",
                  t.eventsPerSecond(),
                  t.cpuMicrosPerEvent(),
                  t.jvmCores());
            }
          }
          rows.add(row(collector, batch, c));
          rows.add(row(plain, batch, p));
        }
        out.println();
        print(rows);
        out.println("load average at the end (1, 5, 15 min): " + loadAverage());
      }
    }
    return 0;
  }

  private Row row(LoadTarget target, int batch, List<LoadRun.Throughput> runs) throws Exception {
    double rate = median(runs.stream().mapToDouble(LoadRun.Throughput::eventsPerSecond).toArray());
    double cpu = median(runs.stream().mapToDouble(LoadRun.Throughput::cpuMicrosPerEvent).toArray());
    LoadRun.Latency latency =
        LoadRun.openLoop(
            target,
            batch,
            rate / 2,
            SENDERS,
            window,
            target instanceof PlainProducerTarget ? "plain-paced" : "http-paced");
    out.printf(
        Locale.ROOT,
        "batch %2d, %-14s at %,.0f events/s (half): p50 %.1f ms, p99 %.1f ms, achieved %,.0f,"
            + " failed batches %d%n",
        batch,
        target.name() + ":",
        latency.offered(),
        latency.p50Millis(),
        latency.p99Millis(),
        latency.achieved(),
        latency.failed());
    return new Row(target.name(), batch, rate, cpu, latency);
  }

  private void print(List<Row> rows) {
    out.println(
        "| target | batch | events/s (max) | CPU µs/event | p50 ms at half | p99 ms at half |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %.1f | %.1f | %.1f |%n",
          r.target(),
          r.batch(),
          r.eventsPerSecond(),
          r.cpuMicrosPerEvent(),
          r.latency().p50Millis(),
          r.latency().p99Millis());
    }
    out.println();
    for (int batch : BATCHES) {
      Row c = find(rows, "collector", batch);
      Row p = find(rows, "plain producer", batch);
      double ratio = c.cpuMicrosPerEvent() / p.cpuMicrosPerEvent();
      out.printf(
          Locale.ROOT,
          "batch %2d: collector/plain CPU per event %.2f (target <= %.1f: %s); collector p99 at"
              + " half rate %.1f ms (target <= %.0f ms: %s)%s%n",
          batch,
          ratio,
          TARGET_CPU_RATIO,
          ratio <= TARGET_CPU_RATIO ? "met" : "NOT met",
          c.latency().p99Millis(),
          TARGET_P99_MILLIS,
          c.latency().p99Millis() <= TARGET_P99_MILLIS ? "met" : "NOT met",
          batch == 20
              ? String.format(
                  Locale.ROOT,
                  "; collector %,.0f events/s (target >= %,.0f: %s)",
                  c.eventsPerSecond(),
                  TARGET_EVENTS_PER_SECOND_AT_20,
                  c.eventsPerSecond() >= TARGET_EVENTS_PER_SECOND_AT_20 ? "met" : "NOT met")
              : "");
    }
  }

  /**
   * The box's load average, from {@code /proc/loadavg}: on a shared machine, a load well above the
   * core count means other work took CPU from this run and its figures are pessimistic.
   */
  private static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The plain producer's senders do its work (their CPU counts); the collector's are clients. */
  private static String senderNames(LoadTarget target, LoadTarget collector) {
    return target == collector ? "http-sender" : "plain-sender";
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Row find(List<Row> rows, String target, int batch) {
    return rows.stream()
        .filter(r -> r.target().equals(target) && r.batch() == batch)
        .findFirst()
        .orElseThrow();
  }

  private record Row(
      String target,
      int batch,
      double eventsPerSecond,
      double cpuMicrosPerEvent,
      LoadRun.Latency latency) {}
}
