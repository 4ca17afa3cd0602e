package io.communitypulse.runtime;

import io.communitypulse.config.JobArguments;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.ingest.KafkaEventSources;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point of the job jar on a Flink cluster (application mode, {@code flink run}): reads
 * the configuration ({@link JobArguments}: a file, the environment, {@code --set}), checks Kafka
 * and Elasticsearch ({@link Preflight}), and runs the engagement job on Kafka and Elasticsearch.
 * {@code ./pulse run} runs the same {@link #run}; from a shell it is a local mini-cluster.
 */
public final class EngagementJobMain {

  private EngagementJobMain() {}

  public static void main(String[] args) throws Exception {
    run(JobArguments.parse(args, System.getenv()));
  }

  /** Checks the infrastructure, then builds and executes the job; returns when it ends. */
  public static JobExecutionResult run(PulseConfig config) throws Exception {
    Preflight.check(config);
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    return env.execute("community-pulse");
  }
}
