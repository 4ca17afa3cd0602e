package io.communitypulse.bench;

/**
 * The figures of one timed run of J or B over the benchmark input.
 *
 * @param writes write operations Elasticsearch would receive (J: bulk items after the sink's
 *     coalescing; B: changelog rows an upsert sink would write)
 * @param maxStateBytes the largest full checkpoint of the run
 * @param peakHeapBytes the peak heap live after a GC during the run, above the heap before it
 * @param breakdown busy time and checkpointed state per task and subtask
 */
record RunResult(
    String job,
    long events,
    long wallNanos,
    long cpuNanos,
    long writes,
    long checkpoints,
    long maxStateBytes,
    long peakHeapBytes,
    int members,
    OperatorBreakdown breakdown) {

  double eventsPerSecond() {
    return events / (wallNanos / 1e9);
  }

  double cpuSecondsPerMillionEvents() {
    return (cpuNanos / 1e9) / (events / 1e6);
  }

  /** Events per CPU-second: the throughput one fully busy core would give. */
  double eventsPerCpuSecond() {
    return events / (cpuNanos / 1e9);
  }

  double writesPerThousandEvents() {
    return writes * 1000.0 / events;
  }

  double stateBytesPerMember() {
    return members == 0 ? 0 : (double) maxStateBytes / members;
  }
}
