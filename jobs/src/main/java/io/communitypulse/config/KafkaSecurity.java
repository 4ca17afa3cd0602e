package io.communitypulse.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How every Kafka client of Community Pulse authenticates and encrypts: the security protocol, the
 * SASL mechanism and credentials, and a PEM CA file to trust. {@link #clientProperties()} turns it
 * into the standard Kafka client settings, so the sources, the dead-letter sink, the preflight
 * admin client, the replay publisher and the simulator all connect the same way.
 *
 * <p>Serializable because it travels inside the job's sources and sinks to the task managers.
 * {@link #toString()} never shows the password.
 */
public final class KafkaSecurity implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Kafka security protocols, as Kafka names them. */
  public enum Protocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    boolean usesSasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean usesTls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** The SASL mechanisms the job supports, with the login module each one needs. */
  public enum Mechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    Mechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    /** The name Kafka uses in {@code sasl.mechanism}. */
    public String kafkaName() {
      return kafkaName;
    }

    static Mechanism parse(String value) {
      for (Mechanism m : values()) {
        if (m.kafkaName.equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new InvalidConfigException(
          PulseOptions.KAFKA_SASL_MECHANISM.key()
              + ": '"
              + value
              + "' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    }
  }

  /** No authentication, no encryption: the local broker and the default. */
  public static final KafkaSecurity PLAINTEXT =
      new KafkaSecurity(Protocol.PLAINTEXT, Mechanism.PLAIN, null, null, null);

  private final Protocol protocol;
  private final Mechanism mechanism;
  private final String username;
  private final String password;
  private final String truststore;

  private KafkaSecurity(
      Protocol protocol, Mechanism mechanism, String username, String password, String truststore) {
    this.protocol = protocol;
    this.mechanism = mechanism;
    this.username = username;
    this.password = password;
    this.truststore = truststore;
  }

  /**
   * Parses and checks the settings: a SASL protocol needs a user name and a password, and a
   * truststore only makes sense with TLS.
   */
  public static KafkaSecurity of(
      String protocol, String mechanism, String username, String password, String truststore) {
    Protocol p;
    try {
      p = Protocol.valueOf(protocol.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          PulseOptions.KAFKA_SECURITY_PROTOCOL.key()
              + ": '"
              + protocol
              + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }
    Mechanism m = Mechanism.parse(mechanism);
    String user = blankToNull(username);
    String pass = password == null || password.isEmpty() ? null : password;
    String trust = blankToNull(truststore);
    if (p.usesSasl() && (user == null || pass == null)) {
      throw new InvalidConfigException(
          PulseOptions.KAFKA_SECURITY_PROTOCOL.key()
              + "="
              + p
              + " needs "
              + PulseOptions.KAFKA_SASL_USERNAME.key()
              + " and "
              + PulseOptions.KAFKA_SASL_PASSWORD.key());
    }
    if (trust != null && !p.usesTls()) {
      throw new InvalidConfigException(
          PulseOptions.KAFKA_SSL_TRUSTSTORE.key()
              + " is only used with "
              + PulseOptions.KAFKA_SECURITY_PROTOCOL.key()
              + "=SSL or SASL_SSL, not "
              + p);
    }
    return new KafkaSecurity(p, m, user, pass, trust);
  }

  /** A SASL_PLAINTEXT connection with the PLAIN mechanism (tests and local brokers). */
  public static KafkaSecurity saslPlain(String username, String password) {
    return of(Protocol.SASL_PLAINTEXT.name(), "PLAIN", username, password, null);
  }

  public Protocol protocol() {
    return protocol;
  }

  public Mechanism mechanism() {
    return mechanism;
  }

  /** The SASL user name, when the protocol uses SASL. */
  public Optional<String> username() {
    return protocol.usesSasl() ? Optional.ofNullable(username) : Optional.empty();
  }

  /** The PEM CA file to trust, when set. */
  public Optional<String> truststore() {
    return Optional.ofNullable(truststore);
  }

  /**
   * The Kafka client settings that implement this: {@code security.protocol}, and for SASL {@code
   * sasl.mechanism} and {@code sasl.jaas.config} (a password-typed setting that Kafka's own config
   * logging hides), for TLS a PEM truststore. Empty for PLAINTEXT.
   */
  public Map<String, String> clientProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    if (protocol == Protocol.PLAINTEXT) {
      return props;
    }
    props.put("security.protocol", protocol.name());
    if (protocol.usesSasl()) {
      props.put("sasl.mechanism", mechanism.kafkaName());
      props.put(
          "sasl.jaas.config",
          mechanism.loginModule
              + " required username=\""
              + jaasEscape(username)
              + "\" password=\""
              + jaasEscape(password)
              + "\";");
    }
    if (truststore != null) {
      props.put("ssl.truststore.type", "PEM");
      props.put("ssl.truststore.location", truststore);
    }
    return props;
  }

  private static String jaasEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaSecurity k
        && protocol == k.protocol
        && mechanism == k.mechanism
        && Objects.equals(username, k.username)
        && Objects.equals(password, k.password)
        && Objects.equals(truststore, k.truststore);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, mechanism, username, truststore);
  }

  @Override
  public String toString() {
    if (!protocol.usesSasl()) {
      return protocol + (truststore == null ? "" : " truststore=" + truststore);
    }
    return protocol
        + " "
        + mechanism.kafkaName()
        + " user="
        + username
        + " password=***"
        + (truststore == null ? "" : " truststore=" + truststore);
  }
}
