package io.communitypulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a run wrote to its dead-letter topic, for ITCases that check every dead letter (the
 * client's {@code DeadLetterReader} reads one community's; these tests want all of a run's).
 */
public final class DeadLetterTopic {

  private DeadLetterTopic() {}

  /**
   * Every dead letter after {@code start} up to the topic's current end, decoded (each must be in
   * the wire format); returns what arrived within {@code timeout}.
   */
  public static List<DeadLetter> readAfter(
      PulseConfig config, Map<TopicPartition, Long> start, Duration timeout) {
    Map<TopicPartition, Long> end =
        KafkaOffsets.end(config, List.of(config.kafka().deadLetterTopic()));
    Properties props = new Properties();
    props.putAll(config.kafka().clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<DeadLetter> letters = new ArrayList<>();
    WireCodec<DeadLetter> codec = WireCodec.deadLetters();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(end.keySet());
      start.forEach(consumer::seek);
      long wanted = KafkaOffsets.count(start, end);
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (letters.size() < wanted && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Decoded<DeadLetter> decoded = codec.decode(record.value());
          assertThat(decoded.ok()).as("dead letters are in the wire format").isTrue();
          letters.add(decoded.value());
        }
      }
    }
    return letters;
  }
}
