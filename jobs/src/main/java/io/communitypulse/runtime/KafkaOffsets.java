package io.communitypulse.runtime;

import io.communitypulse.config.PulseConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Small Kafka client chores of the command line: end-offset snapshots of whole topics, counting the
 * records between two snapshots, and a reliable producer.
 */
public final class KafkaOffsets {

  private KafkaOffsets() {}

  /** The end offset of every partition of {@code topics}, on an unsecured broker. */
  public static Map<TopicPartition, Long> end(String bootstrap, Collection<String> topics) {
    return end(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topics);
  }

  /** The end offset of every partition of {@code topics}, with the configured security. */
  public static Map<TopicPartition, Long> end(PulseConfig config, Collection<String> topics) {
    return end(config.kafka().clientProperties(), topics);
  }

  private static Map<TopicPartition, Long> end(
      Map<String, String> client, Collection<String> topics) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(t -> consumer.partitionsFor(t).stream())
              .map(KafkaOffsets::toTopicPartition)
              .toList();
      return new HashMap<>(consumer.endOffsets(partitions));
    }
  }

  /** Records added between two snapshots of the same topics. */
  public static long count(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : after.entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  /** A producer for an unsecured broker; see {@link #producer(Map)}. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** A producer with the configured security; see {@link #producer(Map)}. */
  public static KafkaProducer<byte[], byte[]> producer(PulseConfig config) {
    return producer(config.kafka().clientProperties());
  }

  /**
   * A producer that waits for every replica and never duplicates on retry, on top of {@code client}
   * (bootstrap servers and security settings).
   */
  public static KafkaProducer<byte[], byte[]> producer(Map<String, String> client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static TopicPartition toTopicPartition(PartitionInfo info) {
    return new TopicPartition(info.topic(), info.partition());
  }
}
