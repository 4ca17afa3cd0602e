package io.communitypulse.bench;

import io.communitypulse.EngagementJob;
import io.communitypulse.bench.e2e.StateBackendChoice;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.runtime.JobEnvironment;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * J: the real engagement job ({@link EngagementJob#build}, every stage, the production Flink
 * settings of {@link JobEnvironment}) on the in-memory input, writing through the job's real sink
 * writer into a counting stand-in for Elasticsearch.
 */
final class EngagementRun {

  private EngagementRun() {}

  static RunResult run(BenchCluster cluster, int parallelism, boolean keepDocuments)
      throws Exception {
    return run(cluster, parallelism, keepDocuments, StateBackendChoice.HASHMAP);
  }

  /** J on the given state backend (the heap by default, as local runs of {@code ./pulse}). */
  static RunResult run(
      BenchCluster cluster, int parallelism, boolean keepDocuments, StateBackendChoice backend)
      throws Exception {
    return run(cluster, parallelism, keepDocuments, backend, 0);
  }

  /** J on the given state backend, with {@code erasures} requests late in the input. */
  static RunResult run(
      BenchCluster cluster,
      int parallelism,
      boolean keepDocuments,
      StateBackendChoice backend,
      int erasures)
      throws Exception {
    BenchInput input = BenchInput.current();
    PulseConfig config =
        PulseConfig.from(
            Configuration.fromMap(
                Map.of(PulseOptions.PARALLELISM.key(), Integer.toString(parallelism))));
    Configuration flink = JobEnvironment.flinkConfiguration(config);
    backend.applyTo(flink);
    StreamExecutionEnvironment env = cluster.environment(flink, parallelism);
    new EngagementJob(
            config,
            new WireEventSources(input.asOfDate(), erasures),
            CountingElasticsearchSink.create(keepDocuments),
            new DiscardingSink<>())
        .build(env);

    BulkLedger.reset(keepDocuments);
    try (RunMeter meter = new RunMeter()) {
      meter.start();
      JobExecutionResult result = env.execute("bench-J-engagement-job");
      long[] measured = meter.stop();
      BenchCluster.CheckpointFigures checkpoints = cluster.checkpoints(result.getJobID());
      return new RunResult(
          "J",
          input.events(),
          measured[0],
          measured[1],
          BulkLedger.operations(),
          checkpoints.completed(),
          checkpoints.maxStateBytes(),
          measured[2],
          input.members(),
          cluster.breakdown(result.getJobID(), measured[0]));
    }
  }
}
