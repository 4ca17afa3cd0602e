package io.communitypulse.infra.local;

import java.time.Duration;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics on a broker and waits until every partition has a leader, so a test can produce to
 * or assign partitions of a topic as soon as the call returns. Topics that already exist are left
 * as they are; the replication factor is 1 because every broker here is a single node.
 */
public final class KafkaTopics {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaTopics() {}

  public static void create(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
    create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), partitionsByTopic);
  }

  /**
   * Creates the topics through an admin client built from {@code clientProperties} (bootstrap
   * servers plus, for a secured broker, its security settings).
   */
  public static void create(
      Map<String, ?> clientProperties, Map<String, Integer> partitionsByTopic) {
    create(clientProperties, partitionsByTopic, Map.of());
  }

  /**
   * Creates the topics as {@link #create(Map, Map)} does, giving those named in {@code
   * configsByTopic} their topic-level settings (e.g. {@code retention.ms}) at creation.
   */
  public static void create(
      Map<String, ?> clientProperties,
      Map<String, Integer> partitionsByTopic,
      Map<String, Map<String, String>> configsByTopic) {
    if (partitionsByTopic.isEmpty()) {
      return;
    }
    List<NewTopic> topics = new ArrayList<>();
    partitionsByTopic.forEach(
        (name, partitions) -> {
          if (partitions == null || partitions < 1) {
            throw new IllegalArgumentException(
                "Topic " + name + " needs at least one partition, got " + partitions);
          }
          topics.add(
              new NewTopic(name, partitions, (short) 1)
                  .configs(configsByTopic.getOrDefault(name, Map.of())));
        });
    Properties config = new Properties();
    config.putAll(clientProperties);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      for (Map.Entry<String, KafkaFuture<Void>> created :
          admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Could not create topic " + created.getKey() + ": " + e.getCause(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, partitionsByTopic.keySet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics " + partitionsByTopic.keySet(), e);
    }
  }

  /** Creation is acknowledged by the controller before every broker has the metadata. */
  private static void awaitLeaders(Admin admin, java.util.Collection<String> names)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(names).allTopicNames().get();
        boolean ready =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Could not describe topics " + names, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("Partitions of " + names + " have no leader yet");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
