package io.communitypulse.faults;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One run of the production engagement job over a {@link FaultInput}, on the mini cluster of the
 * test, writing to its own index prefix on the shared Elasticsearch node (possibly through a
 * proxy), with a {@link FaultProbe} behind each source. Checkpoints every half second, so a short
 * input spans several of them.
 */
final class FaultRun {

  static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
  static final Duration TIMEOUT = Duration.ofMinutes(4);

  private static final List<FaultRun> STARTED = new CopyOnWriteArrayList<>();

  final FaultInput input;
  final String indexPrefix;
  final FaultProbe probe = FaultProbe.create();
  private final Configuration flinkSettings = new Configuration();
  private String jobElasticsearchUrl = SharedInfrastructure.elasticsearchUrl();
  private int parallelism = 2;
  private String savepoint;
  private final String groupId;
  private JobClient client;

  private FaultRun(FaultInput input, String indexPrefix) {
    this.input = input;
    this.indexPrefix = indexPrefix;
    this.groupId = indexPrefix + "group";
  }

  /** A run into fresh, empty indices. */
  static FaultRun of(FaultInput input) throws IOException {
    FaultRun run = new FaultRun(input, SharedInfrastructure.uniqueName(input.name) + "-");
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      ElasticsearchSetup.ensureIndices(es, run.indexPrefix);
    }
    return run;
  }

  /** The job reaches Elasticsearch at {@code url} (a proxy) instead of the node itself. */
  FaultRun elasticsearchAt(String url) {
    this.jobElasticsearchUrl = url;
    return this;
  }

  FaultRun parallelism(int value) {
    this.parallelism = value;
    return this;
  }

  <T> FaultRun flink(ConfigOption<T> option, T value) {
    flinkSettings.set(option, value);
    return this;
  }

  FaultRun restoringFrom(String savepointPath) {
    this.savepoint = savepointPath;
    return this;
  }

  PulseConfig config() {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key(), SharedInfrastructure.kafkaBootstrapServers());
    settings.put(PulseOptions.ES_URL.key(), jobElasticsearchUrl);
    settings.put(PulseOptions.TOPIC_CLICKS.key(), input.clicksTopic);
    settings.put(PulseOptions.TOPIC_POSTS.key(), input.postsTopic);
    settings.put(PulseOptions.TOPIC_DEAD_LETTER.key(), input.deadLetterTopic);
    settings.put(PulseOptions.TOPIC_ERASURE.key(), input.erasureTopic);
    settings.put(PulseOptions.ES_INDEX_PREFIX.key(), indexPrefix);
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), groupId);
    settings.put(PulseOptions.PARALLELISM.key(), Integer.toString(parallelism));
    settings.put(PulseOptions.CHECKPOINT_INTERVAL.key(), CHECKPOINT_INTERVAL.toMillis() + " ms");
    return PulseConfig.from(Configuration.fromMap(settings));
  }

  /** Submits the job and returns at once. */
  JobClient start() throws Exception {
    PulseConfig config = config();
    Configuration conf = JobEnvironment.flinkConfiguration(config);
    conf.addAll(flinkSettings);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    KafkaEventSources kafka =
        KafkaEventSources.bounded(
            config,
            OffsetsInitializer.offsets(input.start),
            OffsetsInitializer.offsets(input.end),
            input.asOfAtEnd);
    ProductionSinks.job(config, new ProbedSources(kafka, probe)).build(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("fault-run-" + indexPrefix);
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    client = env.executeAsync(graph);
    STARTED.add(this);
    return client;
  }

  /**
   * Waits until the bounded job has finished (after restarts, if any); a job that does not is
   * cancelled, so it cannot hold the slots of the next case.
   */
  void awaitEnd() throws Exception {
    try {
      client.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      cancel();
      throw e;
    }
  }

  /** Cancels the job if it is still running. */
  void cancel() {
    if (client == null) {
      return;
    }
    try {
      if (!client.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
        client.cancel().get(1, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      // Already gone, or the cluster is closing: nothing left to free.
    }
  }

  /** Runs the job over the whole input and waits for its end. */
  FaultRun runToEnd() throws Exception {
    start();
    awaitEnd();
    return this;
  }

  /** Cancels every run a failed case left running. */
  static void cancelAll() {
    STARTED.forEach(FaultRun::cancel);
    STARTED.clear();
  }

  JobClient client() {
    return client;
  }

  ElasticsearchSnapshot snapshot() throws IOException {
    return ElasticsearchSnapshot.take(SharedInfrastructure.elasticsearchUrl(), indexPrefix);
  }
}
