package io.communitypulse.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * The keyed (state-holding) stages of the engagement job, and how a test reads their state: it
 * waits until every subtask of every stage has seen a watermark, then takes a full checkpoint on
 * the mini cluster and reads the checkpointed state size of each stage's operator chain from the
 * checkpoint statistics. Each stage heads its own chain (a {@code keyBy} breaks chains), so a
 * chain's size is the stage's: the stateless maps chained after it hold nothing.
 */
enum KeyedStage {
  DEDUP("drop-duplicates-and-late"),
  IDENTITY("stitch-identity"),
  SESSIONS("assemble-sessions"),
  SESSION_CHANGES("session-changes"),
  MEMBER_INDICATORS("member-indicators"),
  COMMUNITY_INDICATORS("community-indicators");

  /** The operator name the job gives the stage ({@code .name(...)}). */
  final String operator;

  KeyedStage(String operator) {
    this.operator = operator;
  }

  /**
   * Waits until the input watermark of every subtask of every stage is at least {@code atLeast}. A
   * checkpoint triggered afterwards holds everything those watermarks did: its barrier follows them
   * through every channel, and an operator fires its timers for a watermark before it takes the
   * next element (aligned checkpoints: nothing in flight is left out of operator state).
   */
  static void awaitWatermark(
      InMemoryReporter metrics, JobID job, int parallelism, Instant atLeast, Duration timeout) {
    AtomicReference<String> seen = new AtomicReference<>("no watermark yet");
    try {
      FaultProbe.await(
          "watermark " + atLeast + " at every keyed stage",
          timeout,
          () -> {
            List<String> behind = new ArrayList<>();
            for (KeyedStage stage : values()) {
              List<OperatorMetricGroup> groups =
                  metrics.findOperatorMetricGroups(job, Pattern.quote(stage.operator));
              if (groups.size() < parallelism) {
                behind.add(stage.operator + " not running");
                continue;
              }
              for (OperatorMetricGroup group : groups) {
                // The watermark the stage passed on: it fired its timers for it first. (Its input
                // gauge would also count the erasure input, which is idle and has none.)
                Metric watermark =
                    metrics.getMetricsByGroup(group).get(MetricNames.IO_CURRENT_OUTPUT_WATERMARK);
                long at =
                    watermark instanceof Gauge<?> gauge && gauge.getValue() instanceof Number n
                        ? n.longValue()
                        : Long.MIN_VALUE;
                if (at < atLeast.toEpochMilli()) {
                  behind.add(stage.operator + " at " + Instant.ofEpochMilli(Math.max(0, at)));
                }
              }
            }
            seen.set(behind.toString());
            return behind.isEmpty();
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; behind: " + seen.get(), e);
    }
  }

  /**
   * Triggers a full checkpoint and returns, once it has completed, the checkpointed state size of
   * every stage (all its subtasks), in bytes. With the heap state backend a full checkpoint writes
   * all keyed state and timers, so the sizes are the state the stages hold.
   */
  static Map<KeyedStage, Long> checkpoint(MiniCluster cluster, JobID job, Duration timeout)
      throws Exception {
    long id =
        cluster
            .triggerCheckpoint(job, CheckpointType.FULL)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    AtomicReference<Map<KeyedStage, Long>> sizes = new AtomicReference<>();
    FaultProbe.await(
        "statistics of checkpoint " + id,
        timeout,
        () -> {
          ArchivedExecutionGraph graph;
          try {
            graph = cluster.getArchivedExecutionGraph(job).get(1, TimeUnit.MINUTES);
          } catch (Exception e) {
            return false;
          }
          AbstractCheckpointStats stats =
              graph.getCheckpointStatsSnapshot().getHistory().getCheckpointById(id);
          if (stats == null || !stats.getStatus().isCompleted()) {
            return false;
          }
          Map<KeyedStage, Long> bytes = new EnumMap<>(KeyedStage.class);
          for (TaskStateStats task : stats.getAllTaskStateStats()) {
            String vertex = graph.getJobVertex(task.getJobVertexId()).getName();
            for (KeyedStage stage : values()) {
              if (vertex.contains(stage.operator)) {
                bytes.merge(stage, task.getStateSize(), Long::sum);
              }
            }
          }
          sizes.set(bytes);
          return bytes.size() == values().length;
        });
    return sizes.get();
  }

  /** Triggers the first checkpoint as soon as every task runs (before, triggering is refused). */
  static Map<KeyedStage, Long> firstCheckpoint(MiniCluster cluster, JobID job, Duration timeout) {
    AtomicReference<Map<KeyedStage, Long>> sizes = new AtomicReference<>();
    FaultProbe.await(
        "a first checkpoint of the running job",
        timeout,
        () -> {
          try {
            sizes.set(checkpoint(cluster, job, timeout));
            return true;
          } catch (Exception e) {
            return false;
          }
        });
    return sizes.get();
  }
}
