package io.communitypulse.cli;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.Preflight;
import io.communitypulse.runtime.ProductionSinks;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./pulse run}: the engagement job against existing Kafka and Elasticsearch. Submitted with
 * {@code flink run} it runs on that cluster; started from the shell it runs in a local
 * mini-cluster.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the engagement job against existing Kafka and Elasticsearch (--kafka, --es).")
public final class RunCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    PulseConfig config = options.load();
    Preflight.check(config);
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    env.execute("community-pulse");
    return 0;
  }
}
