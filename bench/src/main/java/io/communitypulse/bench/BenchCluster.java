package io.communitypulse.bench;

import io.communitypulse.config.PulseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

/**
 * One Flink mini-cluster for every run of a benchmark, so J and B run on the same task manager,
 * slots and JVM, and checkpoint statistics can still be read after a job has finished (or, for the
 * end-to-end part's unbounded job, while it runs).
 */
public final class BenchCluster implements AutoCloseable {

  /**
   * Both jobs checkpoint at the job's default interval, to a local directory, so their state is
   * measured (and paid for) alike.
   */
  static final Duration CHECKPOINT_INTERVAL = PulseConfig.defaults().job().checkpointInterval();

  private final MiniCluster cluster;
  private final Path checkpoints;

  public BenchCluster(int slots) throws Exception {
    this(slots, new Configuration());
  }

  /** A cluster with {@code slots} slots and {@code extra} cluster settings (such as reporters). */
  public BenchCluster(int slots, Configuration extra) throws Exception {
    checkpoints = Files.createTempDirectory("pulse-bench-checkpoints");
    Configuration conf = new Configuration(extra);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
    // Any free port for the REST endpoint: two benchmarks (or a demo) may share the machine.
    conf.set(RestOptions.BIND_PORT, "0");
    // Every checkpoint's statistics stay in the history, so the largest one can be broken down by
    // task after the run (the default keeps the last 10).
    conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
  }

  /**
   * An environment submitting to this cluster, with {@code conf} plus the benchmark's checkpoints.
   */
  public StreamExecutionEnvironment environment(Configuration conf, int parallelism) {
    Configuration withCluster = new Configuration(conf);
    withCluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
    withCluster.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    withCluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    withCluster.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1);
    MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
        withCluster, List.of(), List.of());
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(
            new MiniClusterPipelineExecutorServiceLoader(cluster),
            withCluster,
            BenchCluster.class.getClassLoader());
    env.setParallelism(parallelism);
    return env;
  }

  /** The checkpoint statistics of a running or finished job. */
  public CheckpointStatsSnapshot checkpointStats(JobID job) throws Exception {
    return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
  }

  /** Completed checkpoints of a finished job and the largest full state size among them. */
  CheckpointFigures checkpoints(JobID job) throws Exception {
    ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(job).get();
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    if (stats == null || stats.getCounts().getNumberOfCompletedCheckpoints() == 0) {
      return new CheckpointFigures(0, 0);
    }
    return new CheckpointFigures(
        stats.getCounts().getNumberOfCompletedCheckpoints(),
        stats.getSummaryStats().getStateSizeStats().getMaximum());
  }

  /** Busy time and checkpointed state per task of a finished job that ran {@code wallNanos}. */
  OperatorBreakdown breakdown(JobID job, long wallNanos) throws Exception {
    return OperatorBreakdown.of(cluster.getArchivedExecutionGraph(job).get(), wallNanos);
  }

  /** How many checkpoints completed and the largest state one of them held (bytes). */
  record CheckpointFigures(long completed, long maxStateBytes) {}

  @Override
  public void close() throws Exception {
    cluster.close();
    try (var files = Files.walk(checkpoints)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
