package io.communitypulse.setup;

import io.communitypulse.config.PulseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the three topics the pipeline uses (clicks, posts, dead letters) with the configured
 * partitions and replication factor. A topic that exists is left alone, but a partition count
 * different from the configured one is reported: keys (community/actor) map to partitions, so
 * changing the count later moves actors between partitions (docs/deployment.md).
 */
public final class TopicSetup {

  private static final long TIMEOUT_SECONDS = 30;

  private TopicSetup() {}

  /** One line per topic: created, or existing with its partition count. */
  public static List<String> ensure(PulseConfig config) {
    List<String> topics =
        List.of(config.clicksTopic(), config.postsTopic(), config.deadLetterTopic());
    List<String> lines = new ArrayList<>();
    try (Admin admin = Admin.create(adminProperties(config))) {
      for (String topic : topics) {
        NewTopic wanted =
            new NewTopic(topic, config.topicPartitions(), config.setup().topicReplicationFactor());
        KafkaFuture<Void> created = admin.createTopics(List.of(wanted)).values().get(topic);
        try {
          created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          lines.add(
              topic
                  + ": created ("
                  + config.topicPartitions()
                  + " partitions, replication "
                  + config.setup().topicReplicationFactor()
                  + ")");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new SetupException(
                "Kafka refused to create topic " + topic + ": " + e.getCause().getMessage(), e);
          }
          lines.add(existing(admin, topic, config.topicPartitions()));
        }
      }
    } catch (TimeoutException e) {
      throw new SetupException(
          "Kafka at " + config.requireKafka() + " did not answer within " + TIMEOUT_SECONDS + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupException("interrupted while creating topics", e);
    }
    return lines;
  }

  private static String existing(Admin admin, String topic, int configured)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      int partitions = described.get(topic).partitions().size();
      return topic
          + ": exists ("
          + partitions
          + " partitions"
          + (partitions == configured ? "" : "; kafka.topic.partitions says " + configured)
          + ")";
    } catch (ExecutionException e) {
      return topic + ": exists";
    }
  }

  private static Properties adminProperties(PulseConfig config) {
    Properties props = new Properties();
    // The bootstrap servers plus the configured SASL/TLS settings, as every other Kafka client.
    props.putAll(config.kafkaClientProperties());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    return props;
  }
}
