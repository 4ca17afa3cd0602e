package io.communitypulse.runtime;

import io.communitypulse.config.PulseConfig;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the Flink environment every entry point runs the job in, with the settings that must hold
 * everywhere: checkpointing (exactly-once input; the sink writes to Elasticsearch what each
 * completed checkpoint covers), no silent Kryo fallback, a restart strategy so a transient failure
 * does not end the job.
 */
public final class JobEnvironment {

  private JobEnvironment() {}

  /** The settings shared by cluster and local runs. */
  public static Configuration flinkConfiguration(PulseConfig config) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
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
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    env.setParallelism(config.parallelism());
    return env;
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
    conf.set(RestOptions.PORT, port);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    env.setParallelism(config.parallelism());
    return env;
  }
}
