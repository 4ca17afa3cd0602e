package io.communitypulse.infra.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a test finds in a topic: every record from the beginning to the end offsets at the time of
 * the call, read by a consumer of its own (no group, nothing committed).
 */
public final class TopicRecords {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TopicRecords() {}

  /**
   * Every record of {@code topic} up to its end offsets now.
   *
   * @throws IllegalStateException when they could not all be read within a minute
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (records.size() < end && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      if (records.size() < end) {
        throw new IllegalStateException(
            "read "
                + records.size()
                + " of the "
                + end
                + " records of "
                + topic
                + " in "
                + TIMEOUT);
      }
      return records;
    }
  }
}
