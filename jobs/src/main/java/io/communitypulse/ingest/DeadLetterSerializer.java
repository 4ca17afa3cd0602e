package io.communitypulse.ingest;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a {@link DeadLetter} to the dead-letter topic in the wire format, keyed by community so
 * each site's rejects stay together, with Kafka Connect's {@code __connect.errors.*} headers so
 * existing dead-letter tooling can read where a record came from and why it failed.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

  private final String topic;
  private transient WireCodec<DeadLetter> codec;

  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = WireCodec.deadLetters();
    }
    RecordHeaders headers = new RecordHeaders();
    header(headers, "__connect.errors.topic", letter.getSourceTopic());
    header(headers, "__connect.errors.partition", letter.getSourcePartition());
    header(headers, "__connect.errors.offset", letter.getSourceOffset());
    header(headers, "__connect.errors.stage", "pulse-ingest");
    header(headers, "__connect.errors.exception.class.name", letter.getReason().name());
    header(headers, "__connect.errors.exception.message", letter.getMessage());
    byte[] key =
        letter.getCommunityId() == null
            ? null
            : letter.getCommunityId().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, null, key, codec.encode(letter), headers);
  }

  private static void header(RecordHeaders headers, String name, Object value) {
    if (value != null) {
      headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
  }
}
