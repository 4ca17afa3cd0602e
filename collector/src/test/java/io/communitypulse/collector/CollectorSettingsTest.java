package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, precedence and validation of the collector's settings (docs/configuration.md). */
class CollectorSettingsTest {

  @TempDir Path dir;

  @Test
  void defaultsAreTheDocumentedOnes() {
    CollectorSettings s = CollectorSettings.from(Map.of("kafka.bootstrap-servers", "k:9092"));

    assertThat(s.port()).isEqualTo(8090);
    assertThat(s.clicksTopic()).isEqualTo(Topics.CLICKS);
    assertThat(s.postsTopic()).isEqualTo(Topics.POSTS);
    assertThat(s.deadLetterTopic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(s.maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(s.maxBatchEvents()).isEqualTo(500);
    assertThat(s.maxInFlightEvents()).isEqualTo(20_000);
    assertThat(s.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.forwardIp()).isFalse();
    assertThat(s.writeKeys().communities()).isEmpty();
  }

  @Test
  void theCommandLineBeatsTheEnvironmentWhichBeatsTheFile() throws Exception {
    Path file = dir.resolve("pulse.properties");
    Files.writeString(
        file,
        "kafka.bootstrap-servers=file:9092\ncollector.port=1\ncollector.max-batch-events=7\n"
            + "session.gap=20min\n");
    Map<String, String> env =
        Map.of("PULSE_COLLECTOR_PORT", "2", "PULSE_COLLECTOR_MAX_BODY_BYTES", "4096");

    CollectorSettings s =
        CollectorSettings.load(file, env, Map.of("kafka.bootstrap-servers", "cli:9092"));

    assertThat(s.bootstrapServers()).isEqualTo("cli:9092");
    assertThat(s.port()).isEqualTo(2);
    assertThat(s.maxBodyBytes()).isEqualTo(4096);
    assertThat(s.maxBatchEvents()).isEqualTo(7);
  }

  @Test
  void writeKeysMayComeFromAFileAndAreNeverShown() throws Exception {
    Path secret = dir.resolve("keys");
    Files.writeString(secret, "acme-dev:s3cr3t-acme,globex-qa:s3cr3t-globex\n");

    CollectorSettings s =
        CollectorSettings.load(
            null,
            Map.of(
                "PULSE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "PULSE_COLLECTOR_WRITE_KEYS_FILE", secret.toString(),
                "PULSE_COLLECTOR_ORIGINS", "acme-dev:https://acme.example|http://localhost:8000"),
            Map.of("collector.producer.sasl.jaas.config", "x password=\"p\";"));

    assertThat(s.writeKeys().communityOf("s3cr3t-acme")).hasValue("acme-dev");
    assertThat(s.writeKeys().communityOf("s3cr3t-globex")).hasValue("globex-qa");
    assertThat(s.writeKeys().communityOf("s3cr3t")).isEmpty();
    assertThat(s.origins().allows("acme-dev", "http://localhost:8000")).isTrue();
    assertThat(s.origins().allows("globex-qa", "http://localhost:8000")).isFalse();
    assertThat(s.producerProperties()).containsKey("sasl.jaas.config");
    assertThat(s.toString()).doesNotContain("s3cr3t").doesNotContain("password=");
  }

  @Test
  void theJobsKafkaSecuritySettingsConnectTheCollectorTheSameWay() throws Exception {
    Path password = dir.resolve("kafka-password");
    Files.writeString(password, "pa\"ss\n");

    CollectorSettings s =
        CollectorSettings.load(
            null,
            Map.of(
                "PULSE_KAFKA_BOOTSTRAP_SERVERS", "k:9093",
                "PULSE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "PULSE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PULSE_KAFKA_SASL_USERNAME", "community-pulse",
                "PULSE_KAFKA_SASL_PASSWORD_FILE", password.toString(),
                "PULSE_KAFKA_SSL_TRUSTSTORE", "/etc/pulse/secrets/kafka-ca.crt"),
            Map.of());

    assertThat(s.producerProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"community-pulse\" password=\"pa\\\"ss\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/pulse/secrets/kafka-ca.crt");
    assertThat(s.toString()).doesNotContain("pa\\\"ss");
    assertThatThrownBy(() -> settings("kafka.security.protocol", "SASL_SSL"))
        .hasMessageContaining("kafka.sasl.username");
  }

  @Test
  void wrongSettingsStopWithOneLineNamingTheKey() {
    assertThatThrownBy(() -> CollectorSettings.from(Map.of()))
        .hasMessageContaining("kafka.bootstrap-servers");
    assertThatThrownBy(() -> settings("collector.prot", "1"))
        .hasMessageContaining("unknown setting collector.prot");
    assertThatThrownBy(() -> settings("collector.port", "http"))
        .hasMessageContaining("collector.port");
    assertThatThrownBy(() -> settings("collector.kafka-timeout", "soon"))
        .hasMessageContaining("collector.kafka-timeout");
    assertThatThrownBy(() -> settings("collector.write-keys", "Acme:k"))
        .hasMessageContaining("collector.write-keys")
        .hasMessageNotContaining("Acme:k");
    assertThatThrownBy(() -> settings("collector.write-keys", "a:same,b:same"))
        .hasMessageContaining("both a and b")
        .hasMessageNotContaining("same");
    assertThatThrownBy(() -> settings("collector.max-in-flight-events", "100"))
        .hasMessageContaining("collector.max-in-flight-events (100) must be at least");
    assertThatThrownBy(() -> settings("collector.origins", "acme:acme.example"))
        .hasMessageContaining("collector.origins");
    assertThatThrownBy(() -> settings("collector.origins", "acme:https://acme.example"))
        .hasMessageContaining("no write key");
  }

  @Test
  void durationsTakeTheJobsShortFormsAndIso() {
    assertThat(settings("collector.kafka-timeout", "1500 ms").kafkaTimeout())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(settings("collector.kafka-timeout", "2min").kafkaTimeout())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(settings("collector.kafka-timeout", "PT3S").kafkaTimeout())
        .isEqualTo(Duration.ofSeconds(3));
  }

  private static CollectorSettings settings(String key, String value) {
    return CollectorSettings.from(Map.of("kafka.bootstrap-servers", "k:9092", key, value));
  }
}
