package io.communitypulse.bench.collector;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Batches with a plain Kafka producer in this JVM, doing what {@code PulseProducer} does for a Java
 * site: validate each event as the job does, encode it in the wire format, send it keyed, and wait
 * for the acknowledgement; {@code acks=all}, idempotent, {@code linger.ms} 5 as the collector's.
 * Its CPU is that of the threads calling it (named {@code plain-*}) and of its producer's I/O
 * thread.
 */
final class PlainProducerTarget implements LoadTarget {

  static final String CLIENT_ID = "bench-plain";

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final BenchEvents events;
  private final EventValidator validator = new EventValidator();
  private final WireCodec<ClickEvent> codec = WireCodec.clicks();

  PlainProducerTarget(String bootstrapServers, String topic, BenchEvents events) {
    this.topic = topic;
    this.events = events;
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                CLIENT_ID,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new ByteArraySerializer());
    producer.partitionsFor(topic);
  }

  @Override
  public String name() {
    return "plain producer";
  }

  @Override
  public void send(int index, int size) throws Exception {
    sendAsync(index, size).get();
  }

  CompletableFuture<Void> sendAsync(int index, int size) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(size);
    for (int i = 0; i < size; i++) {
      ClickEvent click = events.click(index * size + i);
      if (validator.validate(click).isPresent()) {
        all.completeExceptionally(new IllegalStateException("invalid bench event"));
        return all;
      }
      producer.send(
          new ProducerRecord<>(topic, Topics.clickKey(click), codec.encode(click)),
          (metadata, error) -> {
            if (error != null) {
              all.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
              all.complete(null);
            }
          });
    }
    return all;
  }

  @Override
  public long cpuNanos() {
    return ThreadCpu.of(n -> n.startsWith("plain-") || n.contains(CLIENT_ID));
  }

  @Override
  public void close() {
    producer.close();
  }
}
