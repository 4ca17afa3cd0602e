package io.communitypulse.setup;

import io.communitypulse.config.PulseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the four topics the pipeline uses (clicks, posts, dead letters, erasure requests) with
 * the configured partitions and replication factor. A topic that exists is left alone, but a
 * partition count different from the configured one is reported: keys (community/actor) map to
 * partitions, so changing the count later moves actors between partitions (docs/deployment.md).
 *
 * <p>The erasure topic is the one topic with a setting of its own: every request names a member, so
 * it keeps them {@link #erasureRetention} and no longer (docs/privacy.md). An existing erasure
 * topic whose retention differs is reported, not changed: the operator may have chosen it.
 */
public final class TopicSetup {

  /**
   * How long the erasure topic keeps requests at least: long enough for a job that lost its state
   * (started afresh from the input topics, whose retention Kafka defaults to 7 days) to read every
   * request still relevant, short enough that the topic is not a second, permanent list of who
   * asked to be forgotten.
   */
  public static final Duration ERASURE_RETENTION = Duration.ofDays(30);

  private static final long TIMEOUT_SECONDS = 30;

  private TopicSetup() {}

  /**
   * The retention of the erasure topic: {@link #ERASURE_RETENTION}, or {@code erasure.suppress-for}
   * when that is longer, so a job restarted without state still finds every request whose
   * suppression is in force.
   */
  public static Duration erasureRetention(PulseConfig config) {
    Duration suppressFor = config.privacy().suppressFor();
    return suppressFor.compareTo(ERASURE_RETENTION) > 0 ? suppressFor : ERASURE_RETENTION;
  }

  /**
   * Every topic the pipeline uses, in setup order, with the topic-level settings Community Pulse
   * gives it (none but the erasure topic's {@code retention.ms}): the one list that {@code ./pulse
   * setup} and the embedded infrastructure of {@code ./pulse demo}/{@code replay} create from.
   */
  public static Map<String, Map<String, String>> topics(PulseConfig config) {
    Map<String, Map<String, String>> topics = new LinkedHashMap<>();
    topics.put(config.kafka().clicksTopic(), Map.of());
    topics.put(config.kafka().postsTopic(), Map.of());
    topics.put(config.kafka().deadLetterTopic(), Map.of());
    topics.put(
        config.kafka().erasureTopic(),
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(erasureRetention(config).toMillis())));
    return Collections.unmodifiableMap(topics);
  }

  /** One line per topic: created, or existing with its partition count. */
  public static List<String> ensure(PulseConfig config) {
    List<String> lines = new ArrayList<>();
    try (Admin admin = Admin.create(adminProperties(config))) {
      for (Map.Entry<String, Map<String, String>> entry : topics(config).entrySet()) {
        String topic = entry.getKey();
        Map<String, String> settings = entry.getValue();
        NewTopic wanted =
            new NewTopic(
                    topic,
                    config.kafka().topicPartitions(),
                    config.setup().topicReplicationFactor())
                .configs(settings);
        KafkaFuture<Void> created = admin.createTopics(List.of(wanted)).values().get(topic);
        try {
          created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          lines.add(
              topic
                  + ": created ("
                  + config.kafka().topicPartitions()
                  + " partitions, replication "
                  + config.setup().topicReplicationFactor()
                  + retention(settings.get(TopicConfig.RETENTION_MS_CONFIG))
                  + ")");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new SetupException(
                "Kafka refused to create topic " + topic + ": " + e.getCause().getMessage(), e);
          }
          lines.add(
              existing(
                  admin,
                  topic,
                  config.kafka().topicPartitions(),
                  settings.get(TopicConfig.RETENTION_MS_CONFIG)));
        }
      }
    } catch (TimeoutException e) {
      throw new SetupException(
          "Kafka at "
              + config.kafka().requireBootstrapServers()
              + " did not answer within "
              + TIMEOUT_SECONDS
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupException("interrupted while creating topics", e);
    }
    return lines;
  }

  private static String existing(
      Admin admin, String topic, int configured, String wantedRetentionMs)
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
          + retentionCheck(admin, topic, wantedRetentionMs)
          + ")";
    } catch (ExecutionException e) {
      return topic + ": exists";
    }
  }

  /**
   * ", retention 30 d" when the topic keeps records as setup would have it; otherwise what it does
   * and what setup would give it.
   */
  private static String retentionCheck(Admin admin, String topic, String wantedMs)
      throws InterruptedException, TimeoutException, ExecutionException {
    if (wantedMs == null) {
      return "";
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config described =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .get(resource);
    ConfigEntry entry = described == null ? null : described.get(TopicConfig.RETENTION_MS_CONFIG);
    if (entry == null || entry.value() == null) {
      return "";
    }
    if (entry.value().equals(wantedMs)) {
      return ", retention " + human(entry.value());
    }
    return ", retention "
        + human(entry.value())
        + "; setup would give it "
        + human(wantedMs)
        + ": it holds member ids, see docs/privacy.md";
  }

  /** ", retention 30 d" for a created topic with a retention.ms, "" without one. */
  private static String retention(String retentionMs) {
    return retentionMs == null ? "" : ", retention " + human(retentionMs);
  }

  /** A retention.ms value as "30 d", "12 h" or "90000 ms"; negative is unlimited. */
  static String human(String retentionMs) {
    long millis = Long.parseLong(retentionMs);
    if (millis < 0) {
      return "unlimited";
    }
    Duration d = Duration.ofMillis(millis);
    if (millis > 0 && millis % Duration.ofDays(1).toMillis() == 0) {
      return d.toDays() + " d";
    }
    if (millis > 0 && millis % Duration.ofHours(1).toMillis() == 0) {
      return d.toHours() + " h";
    }
    return millis + " ms";
  }

  private static Properties adminProperties(PulseConfig config) {
    Properties props = new Properties();
    // The bootstrap servers plus the configured SASL/TLS settings, as every other Kafka client.
    props.putAll(config.kafka().clientProperties());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    return props;
  }
}
