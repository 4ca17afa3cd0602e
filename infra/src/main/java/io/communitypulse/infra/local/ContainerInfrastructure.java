package io.communitypulse.infra.local;

import java.util.Map;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Elasticsearch as Docker containers through Testcontainers, with pinned images of the
 * same versions the local pair runs and the same single-node settings (security off, one replica,
 * no disk watermarks), for machines where a Docker engine answers.
 */
final class ContainerInfrastructure implements PulseInfrastructure {

  static final String KAFKA_IMAGE = "apache/kafka:" + Versions.KAFKA;
  static final String ELASTICSEARCH_IMAGE =
      "docker.elastic.co/elasticsearch/elasticsearch:" + Versions.ELASTICSEARCH_SERVER;

  private final KafkaContainer kafka;
  private final ElasticsearchContainer elasticsearch;

  private ContainerInfrastructure(KafkaContainer kafka, ElasticsearchContainer elasticsearch) {
    this.kafka = kafka;
    this.elasticsearch = elasticsearch;
  }

  @SuppressWarnings("resource") // closed by close(), or below when starting fails
  static ContainerInfrastructure start() {
    KafkaContainer kafka =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "4")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "3600000");
    ElasticsearchContainer elasticsearch =
        new ElasticsearchContainer(DockerImageName.parse(ELASTICSEARCH_IMAGE))
            .withEnv("xpack.security.enabled", "false")
            .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
            .withEnv("action.destructive_requires_name", "false");
    try {
      Startables.deepStart(kafka, elasticsearch).join();
    } catch (RuntimeException e) {
      kafka.stop();
      elasticsearch.stop();
      throw new InfraStartupException(
          "Could not start the Kafka and Elasticsearch containers: " + e.getMessage(), e);
    }
    return new ContainerInfrastructure(kafka, elasticsearch);
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String elasticsearchUrl() {
    return "http://" + elasticsearch.getHttpHostAddress();
  }

  @Override
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    KafkaTopics.create(kafkaBootstrapServers(), partitionsByTopic);
  }

  @Override
  public void close() {
    try {
      elasticsearch.stop();
    } finally {
      kafka.stop();
    }
  }

  @Override
  public String toString() {
    return "containers " + KAFKA_IMAGE + " and " + ELASTICSEARCH_IMAGE;
  }
}
