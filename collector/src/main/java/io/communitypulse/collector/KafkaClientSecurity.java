package io.communitypulse.collector;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka client properties for the job's security settings ({@code kafka.security.protocol},
 * {@code kafka.sasl.*}, {@code kafka.ssl.truststore}; docs/configuration.md and docs/operations.md,
 * "Kafka: TLS and SASL"), so the collector connects to the same secured cluster with the same
 * settings and secret files as the job. The job's own mapping lives in its {@code KafkaSecurity},
 * which the collector cannot use without depending on the job; this one follows it rule for rule.
 */
final class KafkaClientSecurity {

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

  private KafkaClientSecurity() {}

  /** The client properties; empty for PLAINTEXT. Errors name the setting, never the password. */
  static Map<String, String> properties(
      String protocol, String mechanism, String username, String password, String truststore) {
    String p = protocol.trim().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(p)) {
      throw new InvalidSettingException(
          CollectorOption.KAFKA_SECURITY_PROTOCOL.key()
              + ": '"
              + protocol
              + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }
    String m = mechanism.trim().toUpperCase(Locale.ROOT);
    if (!LOGIN_MODULES.containsKey(m)) {
      throw new InvalidSettingException(
          CollectorOption.KAFKA_SASL_MECHANISM.key()
              + ": '"
              + mechanism
              + "' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    }
    boolean sasl = p.startsWith("SASL_");
    boolean tls = p.endsWith("SSL");
    if (sasl && (username.isBlank() || password.isEmpty())) {
      throw new InvalidSettingException(
          CollectorOption.KAFKA_SECURITY_PROTOCOL.key()
              + "="
              + p
              + " needs "
              + CollectorOption.KAFKA_SASL_USERNAME.key()
              + " and "
              + CollectorOption.KAFKA_SASL_PASSWORD.key());
    }
    if (!truststore.isBlank() && !tls) {
      throw new InvalidSettingException(
          CollectorOption.KAFKA_SSL_TRUSTSTORE.key()
              + " is only used with "
              + CollectorOption.KAFKA_SECURITY_PROTOCOL.key()
              + "=SSL or SASL_SSL, not "
              + p);
    }
    Map<String, String> props = new LinkedHashMap<>();
    if (p.equals("PLAINTEXT")) {
      return props;
    }
    props.put("security.protocol", p);
    if (sasl) {
      props.put("sasl.mechanism", m);
      props.put(
          "sasl.jaas.config",
          LOGIN_MODULES.get(m)
              + " required username=\""
              + escape(username.trim())
              + "\" password=\""
              + escape(password)
              + "\";");
    }
    if (!truststore.isBlank()) {
      props.put("ssl.truststore.type", "PEM");
      props.put("ssl.truststore.location", truststore.trim());
    }
    return props;
  }

  /** A JAAS option value is a double-quoted string: quotes and backslashes are escaped. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
