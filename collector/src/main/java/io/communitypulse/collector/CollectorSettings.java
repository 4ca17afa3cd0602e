package io.communitypulse.collector;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's validated, immutable configuration, parsed once from the {@link
 * CollectorOption}s. Sources, lowest precedence first, as for every {@code ./pulse} command
 * (docs/configuration.md): a properties file, {@code PULSE_*} environment variables, the command
 * line. The write keys are a secret and may come from a file named by {@code
 * PULSE_COLLECTOR_WRITE_KEYS_FILE}, as the Kafka password from {@code
 * PULSE_KAFKA_SASL_PASSWORD_FILE}; {@link #toString()} never shows either. {@link
 * #producerProperties()} holds the Kafka client settings: the job's {@code kafka.security.*} and
 * {@code kafka.sasl.*} settings turned into Kafka's, then every {@code collector.producer.*} one.
 *
 * <p>The job's {@code ConfigSources} is not reused because it builds a Flink {@code Configuration}
 * and the collector must not depend on Flink or on the job: this is the same layering in a few
 * lines, over the collector's own options.
 */
public record CollectorSettings(
    String bootstrapServers,
    String clicksTopic,
    String postsTopic,
    String deadLetterTopic,
    String host,
    int port,
    WriteKeys writeKeys,
    AllowedOrigins origins,
    int maxBodyBytes,
    int maxBatchEvents,
    int maxInFlightEvents,
    Duration kafkaTimeout,
    Duration retryAfter,
    Duration readinessInterval,
    boolean forwardIp,
    int eventLoops,
    Map<String, String> producerProperties) {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|sec|min|m|h)", Pattern.CASE_INSENSITIVE);

  public CollectorSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    producerProperties = Map.copyOf(producerProperties);
  }

  /**
   * Defaults, then {@code file} (may be null), the environment, then {@code explicit} values (the
   * command line), by key.
   */
  public static CollectorSettings load(
      Path file, Map<String, String> env, Map<String, String> explicit) {
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new InvalidSettingException(
            "cannot read config file " + file + " (" + e.getClass().getSimpleName() + ")");
      }
      properties.stringPropertyNames().forEach(k -> merged.put(k, properties.getProperty(k)));
    }
    for (CollectorOption option : CollectorOption.values()) {
      String value = env.get(option.envName());
      if (value != null && !value.isBlank()) {
        merged.put(option.key(), value);
      }
      String secretFile = option.isSecret() ? env.get(option.envName() + "_FILE") : null;
      if (secretFile != null && !secretFile.isBlank()) {
        if (value != null && !value.isBlank()) {
          throw new InvalidSettingException(
              "set either " + option.envName() + " or " + option.envName() + "_FILE");
        }
        merged.put(option.key(), readSecret(option.envName() + "_FILE", Path.of(secretFile)));
      }
    }
    explicit.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
          }
        });
    return from(merged);
  }

  /** Parses and validates {@code values} (keys of {@link CollectorOption}); others are ignored. */
  public static CollectorSettings from(Map<String, String> values) {
    Map<String, String> producer = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(CollectorOption.PRODUCER_PREFIX)) {
        producer.put(key.substring(CollectorOption.PRODUCER_PREFIX.length()), e.getValue());
      } else if (key.startsWith(CollectorOption.PREFIX) && CollectorOption.byKey(key).isEmpty()) {
        // A shared settings file may hold the job's keys, but a typo in ours must not pass.
        throw new InvalidSettingException("unknown setting " + key);
      }
    }
    Values r = new Values(values);
    // The job's security settings first, so a collector.producer.* setting can refine them.
    Map<String, String> kafkaClient =
        new TreeMap<>(
            KafkaClientSecurity.properties(
                r.text(CollectorOption.KAFKA_SECURITY_PROTOCOL),
                r.text(CollectorOption.KAFKA_SASL_MECHANISM),
                r.text(CollectorOption.KAFKA_SASL_USERNAME),
                r.raw(CollectorOption.KAFKA_SASL_PASSWORD),
                r.text(CollectorOption.KAFKA_SSL_TRUSTSTORE)));
    kafkaClient.putAll(producer);
    String bootstrap = r.text(CollectorOption.KAFKA_BOOTSTRAP_SERVERS);
    if (bootstrap.isBlank()) {
      throw new InvalidSettingException(
          CollectorOption.KAFKA_BOOTSTRAP_SERVERS.key()
              + " is required (--kafka HOST:PORT or "
              + CollectorOption.KAFKA_BOOTSTRAP_SERVERS.envName()
              + ")");
    }
    WriteKeys writeKeys = WriteKeys.parse(r.text(CollectorOption.WRITE_KEYS));
    AllowedOrigins origins = AllowedOrigins.parse(r.text(CollectorOption.ORIGINS));
    for (String community : origins.communities()) {
      if (!writeKeys.communities().contains(community)) {
        throw new InvalidSettingException(
            CollectorOption.ORIGINS.key()
                + ": community "
                + community
                + " has origins but no write key in "
                + CollectorOption.WRITE_KEYS.key());
      }
    }
    int maxBatch = r.integer(CollectorOption.MAX_BATCH_EVENTS, 1, Integer.MAX_VALUE);
    int maxInFlight = r.integer(CollectorOption.MAX_IN_FLIGHT_EVENTS, 1, Integer.MAX_VALUE);
    if (maxInFlight < maxBatch) {
      // A full batch (each event becomes one record) would never fit: 503 for ever.
      throw new InvalidSettingException(
          CollectorOption.MAX_IN_FLIGHT_EVENTS.key()
              + " ("
              + maxInFlight
              + ") must be at least "
              + CollectorOption.MAX_BATCH_EVENTS.key()
              + " ("
              + maxBatch
              + ")");
    }
    return new CollectorSettings(
        bootstrap.trim(),
        r.text(CollectorOption.TOPIC_CLICKS),
        r.text(CollectorOption.TOPIC_POSTS),
        r.text(CollectorOption.TOPIC_DEAD_LETTER),
        r.text(CollectorOption.HOST),
        r.integer(CollectorOption.PORT, 0, 65535),
        writeKeys,
        origins,
        r.integer(CollectorOption.MAX_BODY_BYTES, 2, Integer.MAX_VALUE),
        maxBatch,
        maxInFlight,
        r.duration(CollectorOption.KAFKA_TIMEOUT, Duration.ofSeconds(1)),
        r.duration(CollectorOption.RETRY_AFTER, Duration.ofSeconds(1)),
        r.duration(CollectorOption.READINESS_INTERVAL, Duration.ofMillis(100)),
        r.bool(CollectorOption.FORWARD_IP),
        r.integer(CollectorOption.EVENT_LOOPS, 0, 1024),
        kafkaClient);
  }

  /** The number of event loops to run: {@link #eventLoops()}, or one per core when it is 0. */
  public int effectiveEventLoops() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }

  /** This configuration with {@code port} (tests pick a free one). */
  public CollectorSettings withPort(int port) {
    return new CollectorSettings(
        bootstrapServers,
        clicksTopic,
        postsTopic,
        deadLetterTopic,
        host,
        port,
        writeKeys,
        origins,
        maxBodyBytes,
        maxBatchEvents,
        maxInFlightEvents,
        kafkaTimeout,
        retryAfter,
        readinessInterval,
        forwardIp,
        eventLoops,
        producerProperties);
  }

  /** Shows everything but the secrets (write keys and producer passwords). */
  @Override
  public String toString() {
    Map<String, String> producer = new TreeMap<>();
    producerProperties.forEach(
        (k, v) ->
            producer.put(
                k,
                k.toLowerCase(Locale.ROOT).matches(".*(password|jaas|secret|key).*") ? "***" : v));
    return "CollectorSettings[kafka="
        + bootstrapServers
        + ", topics="
        + clicksTopic
        + ","
        + postsTopic
        + ","
        + deadLetterTopic
        + ", listen="
        + host
        + ":"
        + port
        + ", writeKeys="
        + writeKeys
        + ", origins="
        + origins
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxBatchEvents="
        + maxBatchEvents
        + ", maxInFlightEvents="
        + maxInFlightEvents
        + ", kafkaTimeout="
        + kafkaTimeout
        + ", retryAfter="
        + retryAfter
        + ", forwardIp="
        + forwardIp
        + ", producer="
        + producer
        + "]";
  }

  private static String readSecret(String variable, Path file) {
    try {
      String secret = Files.readString(file).replaceAll("[\\r\\n]+$", "");
      if (secret.isEmpty()) {
        throw new InvalidSettingException(variable + ": " + file + " is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new InvalidSettingException(
          variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads option values with their defaults; every error names the key. */
  private record Values(Map<String, String> values) {

    String text(CollectorOption option) {
      return raw(option).trim();
    }

    /** Untrimmed, for a password. */
    String raw(CollectorOption option) {
      String value = values.get(option.key());
      return value != null ? value : option.defaultValue().orElse("");
    }

    int integer(CollectorOption option, int min, int max) {
      String text = text(option);
      try {
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
          throw new InvalidSettingException(
              option.key() + ": " + value + " is not between " + min + " and " + max);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new InvalidSettingException(option.key() + ": '" + text + "' is not a whole number");
      }
    }

    boolean bool(CollectorOption option) {
      String text = text(option).toLowerCase(Locale.ROOT);
      if (!text.equals("true") && !text.equals("false")) {
        throw new InvalidSettingException(option.key() + ": '" + text + "' is not true or false");
      }
      return Boolean.parseBoolean(text);
    }

    /** {@code 500 ms}, {@code 10 s}, {@code 2 min}, {@code 1 h}, or ISO-8601 ({@code PT10S}). */
    Duration duration(CollectorOption option, Duration min) {
      String text = text(option);
      Duration value;
      Matcher m = DURATION.matcher(text);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        value =
            switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "ms" -> Duration.ofMillis(n);
              case "s", "sec" -> Duration.ofSeconds(n);
              case "min", "m" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
      } else {
        try {
          value = Duration.parse(text);
        } catch (DateTimeParseException e) {
          throw new InvalidSettingException(
              option.key() + ": '" + text + "' is not a duration such as 10 s or 500 ms");
        }
      }
      if (value.compareTo(min) < 0) {
        throw new InvalidSettingException(option.key() + ": " + text + " is less than " + min);
      }
      return value;
    }
  }
}
