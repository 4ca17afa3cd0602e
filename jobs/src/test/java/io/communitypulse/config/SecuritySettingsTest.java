package io.communitypulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka and Elasticsearch security settings: parsing, client settings, secrets from files. */
class SecuritySettingsTest {

  private static PulseConfig load(Map<String, String> env, Map<String, String> explicit)
      throws Exception {
    return PulseConfig.from(ConfigSources.load(null, env, explicit));
  }

  @Test
  void plaintextIsTheDefaultAndAddsNoClientSettings() throws Exception {
    PulseConfig config = load(Map.of(), Map.of("kafka.bootstrap-servers", "k:9092"));

    assertThat(config.kafka().security()).isEqualTo(KafkaSecurity.PLAINTEXT);
    assertThat(config.kafka().clientProperties())
        .containsExactly(Map.entry("bootstrap.servers", "k:9092"));
  }

  @Test
  void saslSettingsBecomeKafkaClientSettingsWithTheRightLoginModule() throws Exception {
    PulseConfig config =
        load(
            Map.of("PULSE_KAFKA_SASL_PASSWORD", "pa\"ss"),
            Map.of(
                "kafka.bootstrap-servers", "k:9093",
                "kafka.security.protocol", "sasl_ssl",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", "pulse",
                "kafka.ssl.truststore", "/etc/pulse/ca.pem"));

    assertThat(config.kafka().clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"pulse\" password=\"pa\\\"ss\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/pulse/ca.pem");
  }

  @Test
  void saslWithoutCredentialsFailsNamingTheMissingSettings() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.security.protocol", "SASL_PLAINTEXT")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("kafka.sasl.username")
        .hasMessageContaining("kafka.sasl.password");
  }

  @Test
  void unknownProtocolOrMechanismFailsNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.security.protocol", "TLS")))
        .hasMessageContaining("kafka.security.protocol")
        .hasMessageContaining("SASL_SSL");
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.sasl.mechanism", "GSSAPI")))
        .hasMessageContaining("kafka.sasl.mechanism");
  }

  @Test
  void aTruststoreWithoutTlsIsAMistake() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.ssl.truststore", "/ca.pem")))
        .hasMessageContaining("kafka.ssl.truststore");
  }

  @Test
  void aCaCertificateNeedsAnHttpsUrl() throws Exception {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of(
                        "elasticsearch.url", "http://es:9200",
                        "elasticsearch.ca-certificate", "/ca.pem")))
        .hasMessageContaining("elasticsearch.ca-certificate");
    PulseConfig config =
        load(
            Map.of(),
            Map.of(
                "elasticsearch.url", "https://es:9200",
                "elasticsearch.ca-certificate", "/ca.pem"));
    assertThat(config.elasticsearch().connection().caCertificate()).contains("/ca.pem");
  }

  @Test
  void secretsAreReadFromTheFilesNamedByTheirFileVariables(@TempDir Path dir) throws Exception {
    Path password = Files.writeString(dir.resolve("kafka-password"), "s3cret-kafka\n");
    Path apiKey = Files.writeString(dir.resolve("api-key"), "s3cret-es\r\n");
    Path hmac = Files.writeString(dir.resolve("hmac"), "s3cret-hmac");

    PulseConfig config =
        load(
            Map.of(
                "PULSE_KAFKA_SASL_PASSWORD_FILE",
                password.toString(),
                "PULSE_ELASTICSEARCH_API_KEY_FILE",
                apiKey.toString(),
                "PULSE_PRIVACY_MEMBER_ID_HMAC_KEY_FILE",
                hmac.toString(),
                "PULSE_KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "PULSE_KAFKA_SASL_USERNAME",
                "pulse",
                "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                "k:9092"),
            Map.of());

    assertThat(config.kafka().clientProperties().get("sasl.jaas.config"))
        .contains("password=\"s3cret-kafka\";");
    assertThat(config.elasticsearch().apiKey()).contains("s3cret-es");
    assertThat(config.privacy().memberIdHmacKey()).contains("s3cret-hmac");
  }

  @Test
  void aSecretFileThatCannotBeReadFailsWithoutShowingAnySecret(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                load(
                    Map.of("PULSE_KAFKA_SASL_PASSWORD_FILE", dir.resolve("nope").toString()),
                    Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("PULSE_KAFKA_SASL_PASSWORD_FILE")
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "PULSE_ELASTICSEARCH_API_KEY",
                        "direct",
                        "PULSE_ELASTICSEARCH_API_KEY_FILE",
                        dir.resolve("k").toString()),
                    Map.of()))
        .hasMessageContaining("either PULSE_ELASTICSEARCH_API_KEY or");
  }

  @Test
  void onlySecretsHaveFileVariables(@TempDir Path dir) throws Exception {
    Path gap = Files.writeString(dir.resolve("gap"), "5 min");

    PulseConfig config = load(Map.of("PULSE_SESSION_GAP_FILE", gap.toString()), Map.of());

    assertThat(config.sessions().gap()).isEqualTo(PulseConfig.defaults().sessions().gap());
  }

  @Test
  void noSecretShowsInToString() throws Exception {
    PulseConfig config =
        load(
            Map.of(
                "PULSE_KAFKA_SASL_PASSWORD", "kafka-pw-1",
                "PULSE_ELASTICSEARCH_API_KEY", "es-key-2",
                "PULSE_PRIVACY_MEMBER_ID_HMAC_KEY", "hmac-3"),
            Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.username", "pulse",
                "elasticsearch.url", "http://es:9200"));

    assertThat(config.toString())
        .doesNotContain("kafka-pw-1", "es-key-2", "hmac-3")
        .contains("user=pulse", "password=***", "apiKey=***");
    assertThat(config.kafka().security().toString()).doesNotContain("kafka-pw-1");
    assertThat(config.elasticsearch().connection().toString()).doesNotContain("es-key-2");
  }

  @Test
  void everySecretOptionIsMarkedSecret() {
    assertThat(PulseOptions.all().stream().filter(PulseOptions::isSecret).map(o -> o.key()))
        .containsExactlyInAnyOrder(
            "kafka.sasl.password", "elasticsearch.api-key", "privacy.member-id-hmac-key");
  }
}
