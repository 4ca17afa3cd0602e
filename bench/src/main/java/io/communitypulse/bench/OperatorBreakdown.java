package io.communitypulse.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.SubtaskStateStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.IOMetrics;

/**
 * Where one run's time and state went, per task (an operator chain: Flink measures busy time per
 * thread, and the operators of a chain share one) and per subtask: the accumulated busy and
 * back-pressured time of each subtask over the run (the integral of {@code busyTimeMsPerSecond},
 * kept in the finished job's execution graph), and the full state size of each subtask in the run's
 * largest completed checkpoint. Not the last one: a bounded run's last checkpoint comes after the
 * end of input, when the final timers have cleared most keyed state (and finished tasks report
 * none). Sorted busiest first, so the next bottleneck leads.
 */
final class OperatorBreakdown {

  /** One task: its chained operators' names and a figure per subtask. */
  record Task(String name, double[] busyMs, long[] backPressuredMs, long[] stateBytes) {
    double maxBusyMs() {
      return DoubleStream.of(busyMs).max().orElse(0);
    }
  }

  private final List<Task> tasks;
  private final long checkpointId;
  private final long wallNanos;

  OperatorBreakdown(List<Task> tasks, long checkpointId, long wallNanos) {
    this.tasks = new ArrayList<>(tasks);
    this.tasks.sort(Comparator.comparingDouble(Task::maxBusyMs).reversed());
    this.checkpointId = checkpointId;
    this.wallNanos = wallNanos;
  }

  /** The breakdown of a finished job that ran for {@code wallNanos}. */
  static OperatorBreakdown of(AccessExecutionGraph graph, long wallNanos) {
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    CompletedCheckpointStats last = stats == null ? null : largest(stats);
    List<Task> tasks = new ArrayList<>();
    for (AccessExecutionJobVertex vertex : graph.getVerticesTopologically()) {
      AccessExecutionVertex[] subtasks = vertex.getTaskVertices();
      double[] busy = new double[subtasks.length];
      long[] backPressured = new long[subtasks.length];
      long[] state = new long[subtasks.length];
      for (int i = 0; i < subtasks.length; i++) {
        IOMetrics io = subtasks[i].getCurrentExecutionAttempt().getIOMetrics();
        busy[i] = io == null ? Double.NaN : io.getAccumulateBusyTime();
        backPressured[i] = io == null ? -1 : io.getAccumulateBackPressuredTime();
        state[i] = -1;
      }
      TaskStateStats taskState =
          last == null ? null : last.getTaskStateStats(vertex.getJobVertexId());
      if (taskState != null) {
        for (SubtaskStateStats s : taskState.getSubtaskStats()) {
          if (s != null && s.getSubtaskIndex() < state.length) {
            state[s.getSubtaskIndex()] = s.getStateSize();
          }
        }
      }
      tasks.add(new Task(vertex.getName(), busy, backPressured, state));
    }
    return new OperatorBreakdown(tasks, last == null ? -1 : last.getCheckpointId(), wallNanos);
  }

  /** The largest completed checkpoint still in the history (the cluster keeps it all). */
  private static CompletedCheckpointStats largest(CheckpointStatsSnapshot stats) {
    CompletedCheckpointStats largest = null;
    for (AbstractCheckpointStats c : stats.getHistory().getCheckpoints()) {
      if (c instanceof CompletedCheckpointStats done
          && (largest == null || done.getStateSize() > largest.getStateSize())) {
        largest = done;
      }
    }
    return largest;
  }

  List<Task> tasks() {
    return tasks;
  }

  /** Prints the breakdown under {@code title}, one line per task. */
  void print(PrintStream out, String title) {
    out.printf(
        Locale.ROOT,
        "per task (%s; wall %.1f s; busy and back-pressured: seconds per subtask over the run;"
            + " state: full size per subtask in the largest checkpoint, %s):%n",
        title,
        wallNanos / 1e9,
        checkpointId < 0 ? "none completed" : "number " + checkpointId);
    out.println(
        String.format(
            Locale.ROOT,
            "  %-17s | %-11s | %-17s | %-21s | %s",
            "busy s",
            "busy % wall",
            "back-pressured s",
            "state",
            "task (chained operators)"));
    for (Task t : tasks) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-17s | %-11s | %-17s | %-21s | %s",
              perSubtask(DoubleStream.of(t.busyMs()).mapToObj(ms -> seconds(ms))),
              perSubtask(DoubleStream.of(t.busyMs()).mapToObj(ms -> percentOfWall(ms))),
              perSubtask(LongStream.of(t.backPressuredMs()).mapToObj(ms -> seconds(ms))),
              perSubtask(LongStream.of(t.stateBytes()).mapToObj(OperatorBreakdown::bytes)),
              t.name()));
    }
  }

  private String percentOfWall(double ms) {
    return Double.isNaN(ms)
        ? "?"
        : String.format(Locale.ROOT, "%.0f%%", ms / (wallNanos / 1e6) * 100);
  }

  private static String perSubtask(java.util.stream.Stream<String> figures) {
    return figures.collect(Collectors.joining(" / "));
  }

  private static String seconds(double ms) {
    return Double.isNaN(ms) || ms < 0 ? "?" : String.format(Locale.ROOT, "%.1f", ms / 1000);
  }

  /** A state size: bytes, KiB or MiB; "-" when the subtask reported none. */
  static String bytes(long n) {
    if (n < 0) {
      return "-";
    }
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
  }
}
