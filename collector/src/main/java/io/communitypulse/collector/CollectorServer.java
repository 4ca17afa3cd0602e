package io.communitypulse.collector;

import io.communitypulse.wire.EventValidator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running collector: Vert.x event loops (one per core by default) serving the routes of {@link
 * CollectorRouter}, one idempotent Kafka producer shared by all of them, and the readiness check.
 * Stateless: any number of collectors can run behind a load balancer. {@link #close()} stops taking
 * requests, lets those in progress get Kafka's answer, then closes the producer.
 */
public final class CollectorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

  /**
   * Longest an event loop may wait inside {@code producer.send()} (for topic metadata or buffer
   * room). Metadata is fetched at start and the in-flight bound keeps the buffer from filling, so
   * this is only reached in a failure, and then the request gets a 503 quickly.
   */
  static final Duration MAX_BLOCK = Duration.ofMillis(250);

  private final Vertx vertx;
  private final Producer<String, byte[]> producer;
  private final AutoCloseable readiness;
  private final Collector collector;
  private final int port;

  private CollectorServer(
      Vertx vertx,
      Producer<String, byte[]> producer,
      AutoCloseable readiness,
      Collector collector,
      int port) {
    this.vertx = vertx;
    this.producer = producer;
    this.readiness = readiness;
    this.collector = collector;
    this.port = port;
  }

  /** Connects to the Kafka of {@code settings} and starts listening. */
  public static CollectorServer start(CollectorSettings settings) {
    Producer<String, byte[]> producer =
        new KafkaProducer<>(
            producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
    List<String> topics =
        List.of(settings.clicksTopic(), settings.postsTopic(), settings.deadLetterTopic());
    warmUp(producer, topics);
    Map<String, Object> adminConfig = new HashMap<>(settings.producerProperties());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-collector-readiness");
    adminConfig.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k));
    KafkaReadiness readiness =
        KafkaReadiness.start(Admin.create(adminConfig), topics, settings.readinessInterval());
    try {
      return start(settings, producer, readiness, readiness, Clock.systemUTC());
    } catch (RuntimeException e) {
      readiness.close();
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /**
   * Starts over any producer and readiness signal (unit tests pass a MockProducer and a flag);
   * {@code readinessCloser} is closed with the server.
   */
  static CollectorServer start(
      CollectorSettings settings,
      Producer<String, byte[]> producer,
      BooleanSupplier kafkaReady,
      AutoCloseable readinessCloser,
      Clock clock) {
    CollectorMetrics metrics = new CollectorMetrics();
    KafkaPublisher publisher = new KafkaPublisher(producer, settings.maxInFlightEvents(), metrics);
    metrics.gauges(
        publisher::inFlight, publisher.capacity(), () -> kafkaReady.getAsBoolean() ? 1 : 0);
    EventIntake intake =
        new EventIntake(
            new EventValidator(clock),
            settings.clicksTopic(),
            settings.postsTopic(),
            settings.deadLetterTopic(),
            settings.forwardIp());
    Collector collector =
        new Collector(
            settings, intake, publisher, kafkaReady, metrics, TrackerScript.load(), clock);
    int loops = settings.effectiveEventLoops();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    List<CollectorVerticle> verticles = new CopyOnWriteArrayList<>();
    try {
      vertx
          .deployVerticle(
              () -> {
                CollectorVerticle verticle = new CollectorVerticle(collector);
                verticles.add(verticle);
                return verticle;
              },
              new DeploymentOptions().setInstances(loops))
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new CollectorStartException(
          "the collector cannot listen on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
    int port = verticles.get(0).port();
    LOG.info(
        "Collector listening on {}:{} with {} event loops; Kafka {} ({})",
        settings.host(),
        port,
        loops,
        settings.bootstrapServers(),
        kafkaReady.getAsBoolean() ? "reachable" : "not reachable yet");
    return new CollectorServer(vertx, producer, readinessCloser, collector, port);
  }

  /**
   * The producer's settings: durable ({@code acks=all}, idempotent, which the docs promise and no
   * setting can change), never blocking an event loop for long, and giving up on a record after
   * {@code collector.kafka-timeout} so its request gets a 503 instead of waiting for minutes.
   * {@code collector.producer.*} settings (SASL, TLS, batching) come in between.
   */
  static Map<String, Object> producerConfig(CollectorSettings settings) {
    Map<String, Object> config = new HashMap<>();
    long timeout = settings.kafkaTimeout().toMillis();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-collector");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
    // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeout / 2));
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
    config.putAll(settings.producerProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return config;
  }

  /** Fetches the topics' metadata now, so the first requests do not wait for it. */
  private static void warmUp(Producer<String, byte[]> producer, List<String> topics) {
    for (String topic : topics) {
      try {
        producer.partitionsFor(topic);
      } catch (RuntimeException e) {
        LOG.warn("No metadata for topic {} yet ({}); /readyz says when Kafka answers", topic, e);
      }
    }
  }

  /** The port the collector listens on. */
  public int port() {
    return port;
  }

  CollectorMetrics metrics() {
    return collector.metrics();
  }

  /** Stops taking requests, lets those in progress finish, then closes the producer. */
  @Override
  public void close() {
    Duration timeout = collector.settings().kafkaTimeout().plusSeconds(2);
    try {
      vertx.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not stop within {}: {}", timeout, e.toString());
    }
    producer.close(timeout);
    try {
      readiness.close();
    } catch (Exception e) {
      LOG.warn("Closing the readiness check failed: {}", e.toString());
    }
  }
}
