package io.communitypulse.faults;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the test and the {@link FaultInjector}s of one job run share: records seen, checkpoints
 * completed, how often the operators were (re)opened, and the one failure to inject. The mini
 * cluster runs in the test JVM, so the probes live in a static registry, looked up by id from the
 * serialized operators.
 */
final class FaultProbe {

  private static final Map<String, FaultProbe> PROBES = new ConcurrentHashMap<>();
  private static final AtomicInteger IDS = new AtomicInteger();

  final String id;
  final AtomicInteger opens = new AtomicInteger();
  final AtomicLong records = new AtomicLong();
  final AtomicLong completedCheckpoints = new AtomicLong();
  private final AtomicLong recordsAtFirstCheckpoint = new AtomicLong(-1);
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile long failAfterRecordsPastCheckpoint = -1;
  private volatile long pauseNanosPerRecord;

  private FaultProbe(String id) {
    this.id = id;
  }

  static FaultProbe create() {
    FaultProbe probe = new FaultProbe("probe-" + IDS.incrementAndGet());
    PROBES.put(probe.id, probe);
    return probe;
  }

  static FaultProbe get(String id) {
    FaultProbe probe = PROBES.get(id);
    if (probe == null) {
      throw new IllegalStateException("no fault probe " + id);
    }
    return probe;
  }

  /** Slows every input record down, so the input spans several checkpoints. */
  FaultProbe pacing(Duration perRecord) {
    this.pauseNanosPerRecord = perRecord.toNanos();
    return this;
  }

  /**
   * Makes one operator fail once {@code records} more records passed after the first checkpoint.
   */
  FaultProbe failOnceAfterCheckpoint(long records) {
    this.failAfterRecordsPastCheckpoint = records;
    return this;
  }

  boolean injectedFailure() {
    return failed.get();
  }

  /** The job was started more often than its source subtasks: some task was restarted. */
  int opens() {
    return opens.get();
  }

  void onRecord() {
    long seen = records.incrementAndGet();
    if (pauseNanosPerRecord > 0) {
      // The pace of the input under test (it must span checkpoints), not a wait for a result.
      LockSupport.parkNanos(pauseNanosPerRecord);
    }
    long atCheckpoint = recordsAtFirstCheckpoint.get();
    long after = failAfterRecordsPastCheckpoint;
    if (after >= 0
        && atCheckpoint >= 0
        && seen - atCheckpoint >= after
        && failed.compareAndSet(false, true)) {
      throw new InjectedFailure(
          "injected operator failure " + (seen - atCheckpoint) + " records after a checkpoint");
    }
  }

  void onCheckpointComplete() {
    completedCheckpoints.incrementAndGet();
    recordsAtFirstCheckpoint.compareAndSet(-1, records.get());
  }

  /** Records that passed since the first completed checkpoint (0 before it). */
  long recordsPastFirstCheckpoint() {
    long atCheckpoint = recordsAtFirstCheckpoint.get();
    return atCheckpoint < 0 ? 0 : records.get() - atCheckpoint;
  }

  /** Waits until {@code condition} holds, polling; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      // An assertion failure, as callers expect (KeyedStage adds what it saw last).
      throw new AssertionError("timed out after " + timeout + " waiting for " + what, e);
    }
  }

  /** The failure a {@link FaultInjector} throws, recognisable in logs. */
  static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
