package io.communitypulse.setup;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.infra.local.KafkaTopics;
import io.communitypulse.infra.local.LocalElasticsearch;
import io.communitypulse.infra.local.LocalKafka;
import io.communitypulse.infra.local.PulseInfrastructure;
import io.communitypulse.runtime.Preflight;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka and Elasticsearch a command runs against: the ones the configuration names, and an
 * embedded real broker and node for whichever it does not. Closing it stops only what it started.
 */
public final class RunningInfrastructure implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningInfrastructure.class);

  private final PulseConfig config;
  private final AutoCloseable[] started;

  private RunningInfrastructure(PulseConfig config, AutoCloseable... started) {
    this.config = config;
    this.started = started;
  }

  /**
   * Starts what {@code config} does not name, checks that everything answers, prepares
   * Elasticsearch and creates the topics ({@link TopicSetup#topics}, with their settings).
   */
  public static RunningInfrastructure startMissing(PulseConfig config) {
    boolean hasKafka = config.kafka().bootstrapServers().filter(s -> !s.isBlank()).isPresent();
    boolean hasEs = config.elasticsearch().url().filter(s -> !s.isBlank()).isPresent();
    RunningInfrastructure running;
    if (!hasKafka && !hasEs) {
      LOG.info("starting an embedded Kafka broker and Elasticsearch node");
      PulseInfrastructure both = PulseInfrastructure.start();
      running =
          new RunningInfrastructure(
              config.withInfrastructure(both.kafkaBootstrapServers(), both.elasticsearchUrl()),
              both);
    } else if (!hasKafka) {
      LOG.info("starting an embedded Kafka broker");
      LocalKafka kafka = new LocalKafka().start();
      running =
          new RunningInfrastructure(
              config.withInfrastructure(
                  kafka.bootstrapServers(), config.elasticsearch().requireUrl()),
              kafka);
    } else if (!hasEs) {
      LOG.info("starting an embedded Elasticsearch node");
      LocalElasticsearch es = new LocalElasticsearch().start();
      running =
          new RunningInfrastructure(
              config.withInfrastructure(config.kafka().requireBootstrapServers(), es.url()), es);
    } else {
      running = new RunningInfrastructure(config);
    }
    Preflight.check(running.config);
    running.createTopics();
    return running;
  }

  /** The configuration with the addresses in use. */
  public PulseConfig config() {
    return config;
  }

  private void createTopics() {
    Map<String, Map<String, String>> topics = TopicSetup.topics(config);
    Map<String, Integer> partitions = new LinkedHashMap<>();
    topics.keySet().forEach(topic -> partitions.put(topic, config.kafka().topicPartitions()));
    KafkaTopics.create(config.kafka().clientProperties(), partitions, topics);
  }

  @Override
  public void close() {
    for (AutoCloseable resource : started) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", resource, e.toString());
      }
    }
  }
}
