package io.communitypulse.collector;

import io.communitypulse.infra.testing.TopicRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A collector on a real Kafka broker, with topics of its own (the broker is shared by every
 * ITCase), the two test communities of {@link TestCollector}, and a reader of what its topics hold.
 */
final class LiveCollector implements AutoCloseable {

  final String bootstrapServers;
  final String clicksTopic;
  final String postsTopic;
  final String deadLetterTopic;
  final CollectorServer server;
  final CollectorClient client;

  private LiveCollector(
      String bootstrapServers,
      String prefix,
      Consumer<Map<String, Integer>> createTopics,
      Map<String, String> overrides) {
    this.bootstrapServers = bootstrapServers;
    this.clicksTopic = prefix + "-clicks";
    this.postsTopic = prefix + "-posts";
    this.deadLetterTopic = prefix + "-deadletter";
    createTopics.accept(Map.of(clicksTopic, 3, postsTopic, 3, deadLetterTopic, 1));
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", bootstrapServers);
    values.put("kafka.topic.clicks", clicksTopic);
    values.put("kafka.topic.posts", postsTopic);
    values.put("kafka.topic.dead-letter", deadLetterTopic);
    values.put("collector.event-loops", "2");
    values.putAll(overrides);
    CollectorSettings settings = TestCollector.settings(values);
    this.server = CollectorServer.start(settings);
    this.client = new CollectorClient(server.port());
  }

  /**
   * A collector writing to topics named {@code prefix-clicks}, {@code prefix-posts} and {@code
   * prefix-deadletter}, created with {@code createTopics}.
   */
  static LiveCollector start(
      String bootstrapServers,
      String prefix,
      Consumer<Map<String, Integer>> createTopics,
      Map<String, String> overrides) {
    return new LiveCollector(bootstrapServers, prefix, createTopics, overrides);
  }

  /** Every record of the clicks and posts topics. */
  List<ConsumerRecord<String, byte[]>> events() {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(readAll(clicksTopic));
    all.addAll(readAll(postsTopic));
    return all;
  }

  List<ConsumerRecord<String, byte[]>> deadLetters() {
    return readAll(deadLetterTopic);
  }

  /** Every record of {@code topic}, from the beginning to the end offsets at the time of call. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return TopicRecords.readAll(bootstrapServers, topic);
  }

  @Override
  public void close() {
    server.close();
  }
}
