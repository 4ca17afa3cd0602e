package io.communitypulse.client;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.Rejection;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link ClickEvent}s and {@link PostEvent}s to Community Pulse in the wire format of
 * docs/producing-events.md: each event is first validated exactly as the job validates it (the same
 * {@link EventValidator}, "now" from the system clock), then encoded with {@link WireCodec} (Avro
 * single-object encoding) and produced with the documented key ({@link Topics#key};
 * docs/producing-events.md, "Topics and keys") to its topic. An event the job would dead-letter is
 * refused with an {@link InvalidEventException} and never sent. The underlying Kafka producer
 * defaults to {@code acks=all} with idempotence on; any other producer property (SASL, TLS,
 * batching) is passed through. Thread-safe, like the Kafka producer it wraps.
 *
 * <pre>{@code
 * try (PulseProducer pulse =
 *     PulseProducer.builder("kafka-1:9092,kafka-2:9092")
 *         .property("security.protocol", "SASL_SSL")
 *         .property("sasl.mechanism", "PLAIN")
 *         .build()) {
 *   ClickEvent click = ClickEvent.newBuilder()
 *       .setEventId(UUID.randomUUID().toString())
 *       .setCommunityId("acme-devs")
 *       .setOccurredAt(Instant.now())
 *       .setAnonymousId("device-42")
 *       .setType(ClickType.PAGE_VIEW)
 *       .setUrl("https://community.acme.dev/t/123")
 *       .build();
 *   try {
 *     pulse.send(click); // a Future<RecordMetadata>; get() it to wait for the broker
 *   } catch (InvalidEventException e) {
 *     log.warn("not sent: {} {}", e.reason(), e.rejection().message());
 *   }
 * }
 * }</pre>
 */
public final class PulseProducer implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final String clicksTopic;
  private final String postsTopic;
  private final EventValidator validator;
  private final WireCodec<ClickEvent> clickCodec = WireCodec.clicks();
  private final WireCodec<PostEvent> postCodec = WireCodec.posts();

  private PulseProducer(
      Producer<String, byte[]> producer,
      String clicksTopic,
      String postsTopic,
      EventValidator validator) {
    this.producer = producer;
    this.clicksTopic = clicksTopic;
    this.postsTopic = postsTopic;
    this.validator = validator;
  }

  /** A builder for a producer that connects to {@code bootstrapServers} ({@code host:port,...}). */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** What the job would say about {@code event}: empty when it would accept it. */
  public Optional<Rejection> validate(ClickEvent event) {
    return validator.validate(Objects.requireNonNull(event, "event"));
  }

  /** What the job would say about {@code event}: empty when it would accept it. */
  public Optional<Rejection> validate(PostEvent event) {
    return validator.validate(Objects.requireNonNull(event, "event"));
  }

  /**
   * Validates, encodes and sends a click, keyed {@code community_id/anonymous_id}.
   *
   * @return the Kafka send future, completed when the broker acknowledged the record
   * @throws InvalidEventException when the job would dead-letter the event; nothing is sent
   */
  public Future<RecordMetadata> send(ClickEvent event) {
    validate(event).ifPresent(PulseProducer::refuse);
    return producer.send(
        new ProducerRecord<>(clicksTopic, Topics.clickKey(event), clickCodec.encode(event)));
  }

  /**
   * Validates, encodes and sends a post, keyed {@code community_id/member_id}.
   *
   * @return the Kafka send future, completed when the broker acknowledged the record
   * @throws InvalidEventException when the job would dead-letter the event; nothing is sent
   */
  public Future<RecordMetadata> send(PostEvent event) {
    validate(event).ifPresent(PulseProducer::refuse);
    return producer.send(
        new ProducerRecord<>(postsTopic, Topics.postKey(event), postCodec.encode(event)));
  }

  /** Blocks until every record sent so far is acknowledged (or failed). */
  public void flush() {
    producer.flush();
  }

  /** Sends what is buffered and closes the Kafka producer. */
  @Override
  public void close() {
    producer.close();
  }

  /** Like {@link #close()}, waiting at most {@code timeout} for buffered records. */
  public void close(Duration timeout) {
    producer.close(timeout);
  }

  private static void refuse(Rejection rejection) {
    throw new InvalidEventException(rejection);
  }

  /**
   * Configures a {@link PulseProducer}: topics (default {@link Topics#CLICKS} and {@link
   * Topics#POSTS}) and Kafka producer properties. Key and value serializers are fixed (String key,
   * wire-format bytes); everything else may be overridden.
   */
  public static final class Builder {

    private final Map<String, Object> properties = new HashMap<>();
    private String clicksTopic = Topics.CLICKS;
    private String postsTopic = Topics.POSTS;
    private Clock clock = Clock.systemUTC();

    private Builder(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      // Durable by default: a site's events are facts we cannot ask for again.
      properties.put(ProducerConfig.ACKS_CONFIG, "all");
      properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** Sets one Kafka producer property (e.g. {@code security.protocol}, {@code linger.ms}). */
    public Builder property(String name, Object value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Sets several Kafka producer properties (a {@link java.util.Properties} works too). */
    public Builder properties(Map<?, ?> more) {
      more.forEach((name, value) -> property(String.valueOf(name), value));
      return this;
    }

    /** The topic clicks go to, default {@link Topics#CLICKS}. */
    public Builder clicksTopic(String topic) {
      this.clicksTopic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** The topic posts go to, default {@link Topics#POSTS}. */
    public Builder postsTopic(String topic) {
      this.postsTopic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** The clock of the future-timestamp rule; tests only, the job uses the system clock. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A producer connected to the configured Kafka cluster. */
    public PulseProducer build() {
      return build(
          new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer()));
    }

    /** The Kafka producer configuration {@link #build()} uses. */
    Map<String, Object> producerConfig() {
      Map<String, Object> config = new HashMap<>(properties);
      // The record format is ours to decide, whatever was passed through.
      config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
      config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
      return config;
    }

    /** A producer over {@code producer} (unit tests pass a MockProducer). */
    PulseProducer build(Producer<String, byte[]> producer) {
      return new PulseProducer(
          Objects.requireNonNull(producer, "producer"),
          clicksTopic,
          postsTopic,
          new EventValidator(clock));
    }
  }
}
