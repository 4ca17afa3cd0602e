package io.communitypulse.infra.local;

import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker and an Elasticsearch node to run the pipeline against: the same contract whether
 * they are Docker containers or the local real broker and node. {@link #start()} picks one from
 * {@code PULSE_INFRA} (system property or environment variable): {@code docker} (Testcontainers),
 * {@code local} ({@link LocalKafka} and {@link LocalElasticsearch}) or {@code auto} (the default:
 * Docker when an engine answers, local otherwise).
 *
 * <pre>{@code
 * try (PulseInfrastructure infra = PulseInfrastructure.start()) {
 *   infra.createTopics(Map.of("events", 3));
 *   run(infra.kafkaBootstrapServers(), infra.elasticsearchUrl());
 * }
 * }</pre>
 */
public interface PulseInfrastructure extends AutoCloseable {

  /** Name of the setting that chooses the implementation: local, docker or auto. */
  String MODE_SETTING = "PULSE_INFRA";

  /** Bootstrap servers of the Kafka broker, e.g. {@code localhost:40123}. */
  String kafkaBootstrapServers();

  /** Base URL of the Elasticsearch REST API, e.g. {@code http://127.0.0.1:40124}. */
  String elasticsearchUrl();

  /**
   * Creates topics with the given partition counts (replication factor 1) and waits until they are
   * usable; topics that already exist are fine.
   */
  void createTopics(Map<String, Integer> partitionsByTopic);

  /**
   * Takes Elasticsearch down, keeping its data, until {@link #startElasticsearchAgain()}; for fault
   * tests. Only the local infrastructure supports it.
   */
  default void stopElasticsearch() {
    throw new UnsupportedOperationException(this + " cannot stop and restart Elasticsearch");
  }

  /** Brings Elasticsearch back on the same address and data, and waits until it is healthy. */
  default void startElasticsearchAgain() {
    throw new UnsupportedOperationException(this + " cannot stop and restart Elasticsearch");
  }

  /** Takes the Kafka broker down, keeping its logs, until {@link #startKafkaAgain()}. */
  default void stopKafka() {
    throw new UnsupportedOperationException(this + " cannot stop and restart Kafka");
  }

  /** Brings the Kafka broker back on the same address and logs, and waits until it is ready. */
  default void startKafkaAgain() {
    throw new UnsupportedOperationException(this + " cannot stop and restart Kafka");
  }

  /** True if the stop and start-again methods above work. */
  default boolean canRestart() {
    return false;
  }

  /** Stops the broker and the node; nothing is left running. */
  @Override
  void close();

  /**
   * Starts a broker and a node as {@code PULSE_INFRA} says (default {@code auto}).
   *
   * @throws InfraStartupException if they cannot be started
   */
  static PulseInfrastructure start() {
    String mode = InfraSettings.get(MODE_SETTING).orElse("auto").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "local":
        return LocalInfrastructure.start();
      case "docker":
        if (!DockerEngine.isAvailable()) {
          throw new InfraStartupException(
              MODE_SETTING
                  + "=docker but no Docker engine answers (no DOCKER_HOST, no docker.sock,"
                  + " or Testcontainers cannot reach it); start one or use "
                  + MODE_SETTING
                  + "=local");
        }
        return ContainerInfrastructure.start();
      case "auto":
        if (DockerEngine.isAvailable()) {
          return ContainerInfrastructure.start();
        }
        LoggerFactory.getLogger(PulseInfrastructure.class)
            .info("No Docker engine: using the local Kafka broker and Elasticsearch node");
        return LocalInfrastructure.start();
      default:
        throw new InfraStartupException(
            MODE_SETTING + "=" + mode + " is not one of local, docker, auto");
    }
  }
}
