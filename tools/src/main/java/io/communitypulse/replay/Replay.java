package io.communitypulse.replay;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.ingest.DuplicateAndLateFilter;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded end-to-end run behind {@code ./pulse replay}: publish a JSON-lines file to Kafka, run
 * the engagement job over exactly those records, and report what Elasticsearch then holds.
 *
 * <p>It snapshots the input topics' end offsets before and after publishing and runs the job
 * bounded to that range, so it returns only when every published event has been processed and
 * written (the end of input fires every pending event-time timer, closing all sessions, and the job
 * finishes only after the final checkpoint, whose completion writes the last batch to
 * Elasticsearch). Dead letters are counted on the dead-letter topic itself, the ground truth,
 * rather than by the job.
 */
public final class Replay {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  private final PulseConfig config;

  /**
   * {@code config} must name a reachable, prepared Kafka and Elasticsearch ({@link
   * io.communitypulse.setup.RunningInfrastructure}).
   */
  public Replay(PulseConfig config) {
    this.config = config;
  }

  public ReplayResult run(Path file) throws Exception {
    List<String> inputs = List.of(config.kafka().clicksTopic(), config.kafka().postsTopic());
    String deadLetterTopic = config.kafka().deadLetterTopic();

    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {

      Map<TopicPartition, Long> inputStart = KafkaOffsets.end(config, inputs);
      Map<TopicPartition, Long> deadLetterStart =
          KafkaOffsets.end(config, List.of(deadLetterTopic));

      JsonLinesPublisher.Published published;
      try (KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(config)) {
        published = new JsonLinesPublisher(config).publish(file, producer);
      }
      LOG.info("published {} lines from {}", published.read(), file);
      Map<TopicPartition, Long> inputEnd = KafkaOffsets.end(config, inputs);

      StreamExecutionEnvironment env = JobEnvironment.create(config);
      ProductionSinks.job(
              config,
              KafkaEventSources.bounded(
                  config,
                  OffsetsInitializer.offsets(inputStart),
                  OffsetsInitializer.offsets(inputEnd),
                  published.latestValid() == null
                      ? null
                      : LocalDate.ofInstant(published.latestValid(), ZoneOffset.UTC)))
          .build(env);
      JobExecutionResult result = env.execute("community-pulse-replay");

      long deadLettered =
          KafkaOffsets.count(deadLetterStart, KafkaOffsets.end(config, List.of(deadLetterTopic)));
      Long duplicates = result.getAccumulatorResult(DuplicateAndLateFilter.DUPLICATES_ACCUMULATOR);

      String sessions = config.elasticsearch().alias(Aliases.SESSIONS);
      String members = config.elasticsearch().alias(Aliases.MEMBERS);
      es.indices().refresh(r -> r.index(sessions, members));
      return new ReplayResult(
          published.read(),
          deadLettered,
          duplicates == null ? 0 : duplicates,
          es.count(c -> c.index(sessions)).count(),
          es.count(c -> c.index(members)).count());
    } catch (IOException e) {
      throw new IOException("replay of " + file + " failed: " + e.getMessage(), e);
    }
  }
}
