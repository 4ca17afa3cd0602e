package io.communitypulse.client;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the {@link DeadLetter}s of one community from the dead-letter topic, so a site's platform
 * team can see which of its events the pipeline refused and why. The job keys every dead letter by
 * its {@code community_id}, so this reader keeps the records with that key, decodes them with
 * {@link WireCodec#deadLetters()} and returns them in partition order. It reads without a consumer
 * group (no offsets are committed): every call of {@link #readAll} starts from the oldest retained
 * record. Not thread-safe, like the Kafka consumer it wraps.
 */
public final class DeadLetterReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final String communityId;
  private final WireCodec<DeadLetter> codec = WireCodec.deadLetters();
  private long undecodable;

  /** A reader of {@code communityId}'s dead letters in {@link Topics#DEAD_LETTERS}. */
  public DeadLetterReader(String bootstrapServers, String communityId) {
    this(bootstrapServers, communityId, Topics.DEAD_LETTERS, Map.of());
  }

  /**
   * A reader of {@code communityId}'s dead letters in {@code topic}, with extra Kafka consumer
   * properties (SASL, TLS) passed through.
   */
  public DeadLetterReader(
      String bootstrapServers, String communityId, String topic, Map<String, ?> properties) {
    if (!EventValidator.isValidCommunityId(communityId)) {
      throw new IllegalArgumentException("not a valid community_id: " + communityId);
    }
    this.communityId = communityId;
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> config = new HashMap<>(properties);
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    // Manual assignment without a group: reading rejects must not move anyone's offsets.
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Every dead letter of the community from the oldest retained record up to the end of the topic
   * as of this call.
   *
   * @param timeout how long to keep reading at most; what was read by then is returned
   */
  public List<DeadLetter> readAll(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    List<DeadLetter> letters = new ArrayList<>();
    while (!reachedEnd(end) && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (communityId.equals(record.key())) {
          Decoded<DeadLetter> decoded = codec.decode(record.value());
          if (decoded.ok()) {
            letters.add(decoded.value());
          } else {
            undecodable++;
          }
        }
      }
    }
    return letters;
  }

  /** How many records with this community's key could not be decoded as DeadLetter so far. */
  public long undecodable() {
    return undecodable;
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
