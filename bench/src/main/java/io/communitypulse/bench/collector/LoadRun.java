package io.communitypulse.bench.collector;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ways a target is loaded. {@link #closedLoop}: a fixed number of senders, each sending its
 * next batch as soon as the last is acknowledged, for the highest rate. {@link #openLoop}: batches
 * started on a fixed schedule whatever the answers, for latency at a given rate; each latency is
 * measured from the batch's scheduled start, so a stall is not hidden by the batches it delayed.
 */
final class LoadRun {

  /** The highest rate: events per second and the target's CPU per event over the window. */
  record Throughput(double eventsPerSecond, double cpuMicrosPerEvent, double jvmCores) {}

  /** Latency at a rate: the rate offered and achieved, p50 and p99 in ms, failed batches. */
  record Latency(
      double offered, double achieved, double p50Millis, double p99Millis, long failed) {}

  /** The whole JVM's CPU: target, broker and load generator together. */
  private static final com.sun.management.OperatingSystemMXBean JVM =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private LoadRun() {}

  static Throughput closedLoop(
      LoadTarget target, int batch, int senders, Duration warmUp, Duration window, String names)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong events = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(senders);
    for (int s = 0; s < senders; s++) {
      Thread sender =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    target.send(next.getAndIncrement(), batch);
                    if (measuring.get()) {
                      events.addAndGet(batch);
                    }
                  }
                } catch (Exception e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              },
              names + "-" + s);
      sender.setDaemon(true);
      sender.start();
    }
    Thread.sleep(warmUp.toMillis());
    long cpu0 = target.cpuNanos();
    long jvm0 = JVM.getProcessCpuTime();
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(window.toMillis());
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long cpu = target.cpuNanos() - cpu0;
    long jvm = JVM.getProcessCpuTime() - jvm0;
    long counted = events.get();
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);
    if (!errors.isEmpty()) {
      throw new IllegalStateException(target.name() + " failed", errors.peek());
    }
    return new Throughput(
        counted / (elapsed / 1e9), cpu / 1e3 / Math.max(1, counted), (double) jvm / elapsed);
  }

  /**
   * Batches due on a fixed schedule at {@code eventsPerSecond}, taken by {@code senders} senders
   * that keep their connections (as a load balancer's keep-alive pool does); a batch waits in the
   * queue when all senders are busy, and that wait counts in its latency.
   */
  static Latency openLoop(
      LoadTarget target,
      int batch,
      double eventsPerSecond,
      int senders,
      Duration window,
      String names)
      throws InterruptedException {
    long interval = (long) (1e9 * batch / eventsPerSecond);
    int count = (int) (window.toNanos() / interval);
    long[] latencies = new long[count];
    // A batch without an answer counts as infinitely slow, not as absent.
    Arrays.fill(latencies, Long.MAX_VALUE);
    AtomicLong failed = new AtomicLong();
    BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(senders);
    for (int s = 0; s < senders; s++) {
      Thread sender =
          new Thread(
              () -> {
                try {
                  while (true) {
                    long[] next = due.take();
                    if (next[0] < 0) {
                      return;
                    }
                    int k = (int) next[0];
                    try {
                      target.send(k, batch);
                      latencies[k] = System.nanoTime() - next[1];
                    } catch (Exception e) {
                      failed.incrementAndGet();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              },
              names + "-" + s);
      sender.setDaemon(true);
      sender.start();
    }
    long start = System.nanoTime();
    for (int k = 0; k < count; k++) {
      long at = start + k * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due.add(new long[] {k, at});
    }
    for (int s = 0; s < senders; s++) {
      due.add(new long[] {-1, 0});
    }
    done.await(120, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return new Latency(
        eventsPerSecond,
        (double) count * batch / (elapsed / 1e9),
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        failed.get());
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
