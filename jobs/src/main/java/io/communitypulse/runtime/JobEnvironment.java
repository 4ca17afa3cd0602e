package io.communitypulse.runtime;

import io.communitypulse.config.PulseConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the Flink environment every entry point runs the job in, with the settings that must hold
 * everywhere: checkpointing (exactly-once input; the sink writes to Elasticsearch what each
 * completed checkpoint covers), no silent Kryo fallback, object reuse between chained operators, a
 * restart strategy so a transient failure does not end the job.
 */
public final class JobEnvironment {

  /** RocksDB's {@code state.backend.rocksdb.timer-service.factory}, without the RocksDB module. */
  static final ConfigOption<String> ROCKSDB_TIMER_SERVICE =
      ConfigOptions.key("state.backend.rocksdb.timer-service.factory")
          .stringType()
          .defaultValue("ROCKSDB");

  private JobEnvironment() {}

  /** The settings shared by cluster and local runs. */
  public static Configuration flinkConfiguration(PulseConfig config) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // Chained operators hand records on by reference instead of deep-copying each one. Safe here
    // because no function of the job changes a record it received or one it has emitted (the
    // one in-place rewrite, pseudonymisation, reads from and writes to the network).
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
    // On RocksDB (production), timers stay on the heap: every keyed stage arms one per key and
    // watermark to batch its work, and a RocksDB timer costs a write and a seek each
    // (docs/benchmarks.md). They are still checkpointed; the heap backend ignores this.
    conf.set(ROCKSDB_TIMER_SERVICE, "HEAP");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofMinutes(1));
    return conf;
  }

  /** The environment of the current context (a cluster when submitted, else a mini-cluster). */
  public static StreamExecutionEnvironment create(PulseConfig config) {
    Configuration conf = flinkConfiguration(config);
    if (!submittedToCluster()) {
      configureLocalRun(conf);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(config.job().parallelism());
    return env;
  }

  /**
   * The settings of a run in a local mini-cluster: checkpoints on disk, and no delegation tokens. A
   * mini-cluster has no Kerberos or cloud services to fetch tokens for, and would otherwise say so
   * in three warnings at every start. On a cluster its own configuration decides both.
   */
  static void configureLocalRun(Configuration conf) {
    useLocalCheckpointDirectory(conf);
    conf.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
  }

  /**
   * Local runs keep checkpoints in a temporary directory. Without one the mini-cluster keeps them
   * in the JobManager's memory, which refuses state above 5 MB: checkpoints then fail, and since
   * the sink writes only what completed checkpoints cover, Elasticsearch would stop changing. On a
   * cluster, {@code execution.checkpointing.dir} of the cluster's configuration applies instead.
   */
  static void useLocalCheckpointDirectory(Configuration conf) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "community-pulse", "checkpoints");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
  }

  /**
   * Whether this JVM runs the program for a Flink cluster (the client or application mode set a
   * context environment) rather than from the shell, where jobs run in a local mini-cluster.
   */
  public static boolean submittedToCluster() {
    return !(StreamExecutionEnvironment.getExecutionEnvironment()
        instanceof LocalStreamEnvironment);
  }

  /** A local mini-cluster with the Flink web UI on {@code port} (0 picks a free one). */
  public static StreamExecutionEnvironment localWithWebUi(PulseConfig config, int port) {
    Configuration conf = flinkConfiguration(config);
    configureLocalRun(conf);
    conf.set(RestOptions.PORT, port);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    env.setParallelism(config.job().parallelism());
    return env;
  }
}
