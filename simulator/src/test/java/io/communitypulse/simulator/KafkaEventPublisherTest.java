package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The records a site would produce; a real broker is the replay and demo ITCases' business. */
class KafkaEventPublisherTest {

  private static final SimulatorSettings SMALL =
      DEFAULTS
          .withDays(1)
          .withCommunities(1)
          .withMembersPerCommunity(50)
          .withVisitorsPerCommunity(50);

  @Test
  void sendsEveryEventToItsTopicKeyedAndEncodedAsASiteWould() throws Exception {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<SimulatedEvent> events = SimulationFixtures.run(SMALL);

    SimulationCounts counts =
        new KafkaEventPublisher(producer, "clicks", "posts")
            .publish(events.iterator(), RatePacer.unlimited());

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(events.size());
    assertThat(counts.events()).isEqualTo(events.size());
    for (int i = 0; i < events.size(); i++) {
      SimulatedEvent e = events.get(i);
      ProducerRecord<byte[], byte[]> record = sent.get(i);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(Topics.key(e.event()));
      if (e.isClick()) {
        assertThat(record.topic()).isEqualTo("clicks");
        assertThat(WireCodec.clicks().decode(record.value()).value())
            .isEqualTo((ClickEvent) e.event());
      } else {
        assertThat(record.topic()).isEqualTo("posts");
        assertThat(WireCodec.posts().decode(record.value()).value())
            .isEqualTo((PostEvent) e.event());
      }
    }
  }

  @Test
  void reportsARecordKafkaRefused() {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized void flush() {
            // The broker refuses the first record; the others are acknowledged.
            errorNext(new RuntimeException("broker says no"));
            super.flush();
          }
        };
    List<SimulatedEvent> events = SimulationFixtures.run(SMALL).subList(0, 3);

    assertThatThrownBy(
            () ->
                new KafkaEventPublisher(producer, "clicks", "posts")
                    .publish(events.iterator(), RatePacer.unlimited()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broker says no");
  }
}
