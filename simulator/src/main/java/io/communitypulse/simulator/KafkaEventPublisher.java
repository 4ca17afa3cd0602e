package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends simulated events to the input topics exactly as a site would: Avro single-object encoding,
 * clicks keyed {@code community_id/anonymous_id} and posts {@code community_id/member_id}
 * (docs/producing-events.md), in emission order, paced by a {@link RatePacer}. Duplicates and late
 * events go out like any other. The producer is the caller's to configure and close.
 */
public final class KafkaEventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);
  private static final long PROGRESS_EVERY = 100_000;

  private final Producer<byte[], byte[]> producer;
  private final String clicksTopic;
  private final String postsTopic;
  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();

  public KafkaEventPublisher(
      Producer<byte[], byte[]> producer, String clicksTopic, String postsTopic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.clicksTopic = Objects.requireNonNull(clicksTopic, "clicksTopic");
    this.postsTopic = Objects.requireNonNull(postsTopic, "postsTopic");
  }

  /** The record a site would produce for {@code event}. */
  public ProducerRecord<byte[], byte[]> recordOf(SimulatedEvent event) {
    byte[] key = Topics.key(event.event()).getBytes(StandardCharsets.UTF_8);
    if (event.event() instanceof ClickEvent click) {
      return new ProducerRecord<>(clicksTopic, key, clicks.encode(click));
    }
    return new ProducerRecord<>(postsTopic, key, posts.encode((PostEvent) event.event()));
  }

  /**
   * Sends every event and returns once Kafka acknowledged all of them.
   *
   * @throws IOException when Kafka refused a record (sending stops at the first refusal)
   * @throws InterruptedException when interrupted while pacing
   */
  public SimulationCounts publish(Iterator<SimulatedEvent> events, RatePacer pacer)
      throws IOException, InterruptedException {
    SimulationCounts counts = new SimulationCounts();
    AtomicReference<Exception> failure = new AtomicReference<>();
    while (events.hasNext() && failure.get() == null) {
      pacer.acquire();
      SimulatedEvent event = events.next();
      producer.send(
          recordOf(event),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
      counts.count(event);
      if (counts.events() % PROGRESS_EVERY == 0) {
        LOG.info("simulate: sent {} events so far", counts.events());
      }
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IOException("Kafka refused a record: " + failure.get().getMessage(), failure.get());
    }
    return counts;
  }
}
