package io.communitypulse.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the machine's CPU went during a phase: the whole box (Linux {@code /proc/stat}), this JVM
 * (the Flink job, the Kafka broker and the producer all run in it) and its child processes (the
 * Elasticsearch node). What is left is everybody else's, which on a shared machine is the first
 * thing to look at before believing a figure.
 */
final class CpuMeter {

  private static final Path PROC_STAT = Path.of("/proc/stat");

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** A reading of the counters; {@link #coresUsedSince} turns two into cores used. */
  Reading read() {
    long[] box = boxJiffies();
    long children =
        ProcessHandle.current()
            .descendants()
            .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
            .sum();
    return new Reading(System.nanoTime(), os.getProcessCpuTime(), children, box[0], box[1]);
  }

  /** Busy and total jiffies of all CPUs, or {@code {0, 0}} where there is no /proc/stat. */
  private static long[] boxJiffies() {
    try {
      return parseProcStat(Files.readAllLines(PROC_STAT).get(0));
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /**
   * Busy and total jiffies from the {@code cpu} line of {@code /proc/stat} (user nice system idle
   * iowait irq softirq steal ...): idle and iowait are not busy.
   */
  static long[] parseProcStat(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu")) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
    }
    long total = 0;
    // guest and guest_nice (fields 9, 10) are already counted in user and nice.
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {total - idle, total};
  }

  /**
   * The counters at one moment.
   *
   * @param boxBusy busy jiffies of the whole machine
   * @param boxTotal all jiffies of the whole machine
   */
  record Reading(long atNanos, long jvmCpuNanos, long childCpuNanos, long boxBusy, long boxTotal) {

    /**
     * "box 1.9 of 2 cores busy: this JVM 1.2, Elasticsearch 0.4, others 0.3" since {@code start}.
     */
    String coresUsedSince(Reading start) {
      double wall = (atNanos - start.atNanos) / 1e9;
      int cores = Runtime.getRuntime().availableProcessors();
      double jvm = (jvmCpuNanos - start.jvmCpuNanos) / 1e9 / wall;
      double children = Math.max(0, (childCpuNanos - start.childCpuNanos) / 1e9 / wall);
      long total = boxTotal - start.boxTotal;
      if (total <= 0) {
        return String.format(
            Locale.ROOT, "cpu: this JVM %.2f cores, Elasticsearch %.2f cores", jvm, children);
      }
      double box = cores * (double) (boxBusy - start.boxBusy) / total;
      return String.format(
          Locale.ROOT,
          "cpu: box %.2f of %d cores busy: this JVM (job, broker, producer) %.2f,"
              + " Elasticsearch %.2f, others %.2f",
          box,
          cores,
          jvm,
          children,
          Math.max(0, box - jvm - children));
    }
  }
}
