package io.communitypulse.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.wire.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the real shared broker: dead letters written as the job writes them (wire format, key =
 * community id) are read back for one community only, and a record that is not a DeadLetter is
 * counted instead of breaking the read.
 */
@ExtendWith(SharedInfrastructure.class)
class DeadLetterReaderITCase {

  @Test
  void readsOnlyOneCommunitysDeadLetters() throws Exception {
    String topic = SharedInfrastructure.uniqueName("client-deadletters");
    SharedInfrastructure.createTopic(topic, 2);
    WireCodec<DeadLetter> codec = WireCodec.deadLetters();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 10; i++) {
        String community = i % 2 == 0 ? "acme" : "other";
        producer.send(new ProducerRecord<>(topic, community, codec.encode(letter(community, i))));
      }
      producer.send(
          new ProducerRecord<>(topic, "acme", "not avro".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }

    try (DeadLetterReader reader =
        new DeadLetterReader(
            SharedInfrastructure.kafkaBootstrapServers(), "acme", topic, Map.of())) {
      List<DeadLetter> letters = reader.readAll(Duration.ofSeconds(60));

      assertThat(letters)
          .extracting(DeadLetter::getEventId)
          .containsExactlyInAnyOrder("e-0", "e-2", "e-4", "e-6", "e-8");
      assertThat(letters).allSatisfy(l -> assertThat(l.getCommunityId()).isEqualTo("acme"));
      assertThat(reader.undecodable()).isEqualTo(1);
    }
  }

  private static DeadLetter letter(String community, int i) {
    return DeadLetter.newBuilder()
        .setOriginal(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setSourceTopic("pulse.clicks.v1")
        .setSourcePartition(0)
        .setSourceOffset((long) i)
        .setReason(RejectReason.MISSING_FIELD)
        .setMessage("required field anonymous_id is empty in ClickEvent")
        .setCommunityId(community)
        .setEventId("e-" + i)
        .setFailedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
  }
}
