package io.communitypulse.bench.e2e;

import io.communitypulse.bench.BenchCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;

/**
 * Collects the checkpoints of the running job from the mini-cluster's statistics (which keep only
 * the last few, hence the polling), so each phase can report how many completed or failed and how
 * long they took: the sink writes to Elasticsearch only once a checkpoint completes, so their
 * duration is part of every document's freshness.
 */
final class CheckpointWatch {

  private final BenchCluster cluster;
  private final JobID job;
  private final Map<Long, Checkpoint> finished = new TreeMap<>();

  CheckpointWatch(BenchCluster cluster, JobID job) {
    this.cluster = cluster;
    this.job = job;
  }

  /** Adds the checkpoints that finished since the last poll. */
  void poll() throws Exception {
    CheckpointStatsSnapshot stats = cluster.checkpointStats(job);
    if (stats == null) {
      return;
    }
    for (AbstractCheckpointStats c : stats.getHistory().getCheckpoints()) {
      CheckpointStatsStatus status = c.getStatus();
      if (status != CheckpointStatsStatus.IN_PROGRESS) {
        finished.putIfAbsent(
            c.getCheckpointId(),
            new Checkpoint(
                c.getTriggerTimestamp(),
                c.getEndToEndDuration(),
                c.getStateSize(),
                c.getCheckpointedSize(),
                status == CheckpointStatsStatus.COMPLETED));
      }
    }
  }

  /** A line about the checkpoints triggered in [fromMillis, toMillis) (wall clock). */
  String summary(long fromMillis, long toMillis) {
    List<Long> durations = new ArrayList<>();
    int failed = 0;
    long state = 0;
    long written = 0;
    for (Checkpoint c : finished.values()) {
      if (c.triggeredAt() >= fromMillis && c.triggeredAt() < toMillis) {
        if (c.completed()) {
          durations.add(c.durationMillis());
          state = c.stateBytes();
          written = c.checkpointedBytes();
        } else {
          failed++;
        }
      }
    }
    if (durations.isEmpty()) {
      return String.format(Locale.ROOT, "checkpoints: none completed, %d failed", failed);
    }
    durations.sort(null);
    return String.format(
        Locale.ROOT,
        "checkpoints: %d completed (duration median %.2f s, max %.2f s), %d failed,"
            + " state %,d MiB (the last one wrote %,d MiB)",
        durations.size(),
        durations.get((durations.size() - 1) / 2) / 1000.0,
        durations.get(durations.size() - 1) / 1000.0,
        failed,
        state >> 20,
        written >> 20);
  }

  private record Checkpoint(
      long triggeredAt,
      long durationMillis,
      long stateBytes,
      long checkpointedBytes,
      boolean completed) {}
}
