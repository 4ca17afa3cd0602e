package io.communitypulse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.infra.testing.TopicRecords;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the real shared broker: a few hundred valid clicks and posts sent with PulseProducer come
 * back from Kafka with the documented key (docs/producing-events.md, "Topics and keys"), the
 * single-object marker and a body that decodes to the record sent; an invalid one among them never
 * reaches the topic.
 */
@ExtendWith(SharedInfrastructure.class)
class PulseProducerITCase {

  private static final int EACH = 200;

  @Test
  void producesKeyedWireFormatRecordsThatDecodeToWhatWasSent() throws Exception {
    String clicksTopic = SharedInfrastructure.uniqueName("client-clicks");
    String postsTopic = SharedInfrastructure.uniqueName("client-posts");
    SharedInfrastructure.createTopic(clicksTopic, 3);
    SharedInfrastructure.createTopic(postsTopic, 3);
    Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    List<ClickEvent> clicks = new ArrayList<>();
    List<PostEvent> posts = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      clicks.add(Events.click("site-" + (i % 3), i, at.plusSeconds(i)));
      posts.add(Events.post("site-" + (i % 3), i, at.plusSeconds(i)));
    }
    ClickEvent invalid = Events.click("Not A Community", EACH, at);

    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (PulseProducer pulse =
        PulseProducer.builder(SharedInfrastructure.kafkaBootstrapServers())
            .clicksTopic(clicksTopic)
            .postsTopic(postsTopic)
            .property("linger.ms", 5)
            .build()) {
      for (int i = 0; i < EACH; i++) {
        acks.add(pulse.send(clicks.get(i)));
        acks.add(pulse.send(posts.get(i)));
      }
      assertThatThrownBy(() -> pulse.send(invalid))
          .isInstanceOfSatisfying(
              InvalidEventException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_COMMUNITY_ID));
      pulse.flush();
    }
    for (Future<RecordMetadata> ack : acks) {
      assertThat(ack.get().hasOffset()).isTrue();
    }

    List<ConsumerRecord<String, byte[]>> clickRecords = readAll(clicksTopic, EACH);
    List<ConsumerRecord<String, byte[]>> postRecords = readAll(postsTopic, EACH);

    WireCodec<ClickEvent> clickCodec = WireCodec.clicks();
    List<ClickEvent> clicksBack = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : clickRecords) {
      assertThat(record.value()).startsWith(0xC3, 0x01);
      ClickEvent click = clickCodec.decode(record.value()).value();
      assertThat(record.key()).isEqualTo(Topics.clickKey(click));
      clicksBack.add(click);
    }
    WireCodec<PostEvent> postCodec = WireCodec.posts();
    List<PostEvent> postsBack = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : postRecords) {
      assertThat(record.value()).startsWith(0xC3, 0x01);
      PostEvent post = postCodec.decode(record.value()).value();
      assertThat(record.key()).isEqualTo(Topics.postKey(post));
      postsBack.add(post);
    }
    // Partitions interleave, so compare as sets; event ids are unique, so sizes pin duplicates.
    assertThat(clicksBack).hasSize(EACH).containsExactlyInAnyOrderElementsOf(clicks);
    assertThat(postsBack).hasSize(EACH).containsExactlyInAnyOrderElementsOf(posts);
  }

  /** Every record of {@code topic}, reading until the end offsets (which must total expected). */
  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        TopicRecords.readAll(SharedInfrastructure.kafkaBootstrapServers(), topic);
    assertThat(records).as("records of " + topic).hasSize(expected);
    return records;
  }
}
