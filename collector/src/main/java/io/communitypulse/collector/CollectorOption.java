package io.communitypulse.collector;

import io.communitypulse.wire.Topics;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the collector, with its default: the one place defaults live
 * (docs/configuration.md, "Collector", lists the same). Kafka's address and topic names use the
 * job's keys and meaning (docs/configuration.md), so one settings file or one set of {@code
 * PULSE_*} variables serves both.
 */
public enum CollectorOption {
  KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", null),
  TOPIC_CLICKS("kafka.topic.clicks", Topics.CLICKS),
  TOPIC_POSTS("kafka.topic.posts", Topics.POSTS),
  TOPIC_DEAD_LETTER("kafka.topic.dead-letter", Topics.DEAD_LETTERS),
  KAFKA_SECURITY_PROTOCOL("kafka.security.protocol", "PLAINTEXT"),
  KAFKA_SASL_MECHANISM("kafka.sasl.mechanism", "PLAIN"),
  KAFKA_SASL_USERNAME("kafka.sasl.username", ""),
  KAFKA_SASL_PASSWORD("kafka.sasl.password", ""),
  KAFKA_SSL_TRUSTSTORE("kafka.ssl.truststore", ""),
  HOST("collector.host", "0.0.0.0"),
  PORT("collector.port", "8090"),
  /** {@code community:key,community:key}; a secret. */
  WRITE_KEYS("collector.write-keys", ""),
  /** {@code community:origin|origin,community:origin}. */
  ORIGINS("collector.origins", ""),
  MAX_BODY_BYTES("collector.max-body-bytes", "1048576"),
  MAX_BATCH_EVENTS("collector.max-batch-events", "500"),
  /** Events handed to Kafka and not yet acknowledged, over all requests; more get a 503. */
  MAX_IN_FLIGHT_EVENTS("collector.max-in-flight-events", "20000"),
  /** How long an event may wait for Kafka's acknowledgement before its request gets a 503. */
  KAFKA_TIMEOUT("collector.kafka-timeout", "10 s"),
  RETRY_AFTER("collector.retry-after", "5 s"),
  READINESS_INTERVAL("collector.readiness-interval", "5 s"),
  FORWARD_IP("collector.forward-ip", "false"),
  /** 0: one per core. */
  EVENT_LOOPS("collector.event-loops", "0");

  /** Settings under this prefix go to the Kafka producer as they are (SASL, TLS, batching). */
  public static final String PRODUCER_PREFIX = "collector.producer.";

  /** Keys under this prefix must name an option above (or start with {@link #PRODUCER_PREFIX}). */
  static final String PREFIX = "collector.";

  private final String key;
  private final String defaultValue;

  CollectorOption(String key, String defaultValue) {
    this.key = key;
    this.defaultValue = defaultValue;
  }

  /** The key, e.g. {@code collector.port}. */
  public String key() {
    return key;
  }

  /** The default, empty when there is none. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** Whether the value must never be printed or logged. */
  public boolean isSecret() {
    return this == WRITE_KEYS || this == KAFKA_SASL_PASSWORD;
  }

  /** {@code collector.max-body-bytes} → {@code PULSE_COLLECTOR_MAX_BODY_BYTES}, as for the job. */
  public String envName() {
    return "PULSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The option with {@code key}, if any. */
  public static Optional<CollectorOption> byKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
  }
}
