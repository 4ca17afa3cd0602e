package io.communitypulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.community.HealthSettings;
import io.communitypulse.community.ValueThresholds;
import io.communitypulse.indicators.IndicatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseConfigTest {

  @Test
  void defaultsAreTheSpecs() {
    PulseConfig config = PulseConfig.defaults();

    assertThat(config.kafka().clicksTopic()).isEqualTo("pulse.clicks.v1");
    assertThat(config.kafka().postsTopic()).isEqualTo("pulse.posts.v1");
    assertThat(config.kafka().deadLetterTopic()).isEqualTo("pulse.deadletter.v1");
    assertThat(config.eventTime().outOfOrderness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.eventTime().allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(config.sessions().gap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.sessions().maxLength()).isEqualTo(Duration.ofHours(12));
    assertThat(config.eventTime().dedupWindow()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theScoringModelsDefaultsHaveOnePlace() {
    PulseConfig config = PulseConfig.defaults();

    assertThat(config.indicators()).isEqualTo(IndicatorSettings.defaults());
    assertThat(config.communities().health()).isEqualTo(HealthSettings.DEFAULTS);
    assertThat(config.communities().value()).isEqualTo(ValueThresholds.DEFAULTS);
  }

  @Test
  void theSignalHorizonFollowsSessionsAndEventTime() throws Exception {
    Map<String, String> longSessions = Map.of("session.max-length", "20 h");
    PulseConfig config = PulseConfig.from(ConfigSources.load(null, Map.of(), longSessions));

    // max-length + gap + allowed lateness + max-length (docs/semantics.md)
    Duration signals = Duration.ofHours(20 + 1 + 20).plusMinutes(30);
    assertThat(config.signalHorizon().lateness()).isEqualTo(signals);
    assertThat(config.signalHorizon().finalAfter()).isEqualTo(signals);
    assertThat(PulseConfig.defaults().signalHorizon().finalAfter())
        .isEqualTo(Duration.ofHours(25).plusMinutes(30));
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pulse.properties");
    Files.writeString(
        file, "session.gap=10 min\nsession.max-length=2 h\nkafka.group-id=from-file\n");
    Map<String, String> env = Map.of("PULSE_SESSION_GAP", "20 min", "PULSE_JOB_PARALLELISM", "3");

    PulseConfig config =
        PulseConfig.from(ConfigSources.load(file, env, Map.of("session.gap", "25 min")));

    assertThat(config.sessions().gap()).isEqualTo(Duration.ofMinutes(25));
    assertThat(config.job().parallelism()).isEqualTo(3);
    assertThat(config.sessions().maxLength()).isEqualTo(Duration.ofHours(2));
    assertThat(config.kafka().groupId()).isEqualTo("from-file");
  }

  @Test
  void anUnknownKeyIsNamed() {
    assertThatThrownBy(
            () -> PulseConfig.from(ConfigSources.load(null, Map.of(), Map.of("sesion.gap", "1 h"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("unknown setting 'sesion.gap'");
  }

  @Test
  void aWrongValueNamesItsKey() {
    assertThatThrownBy(
            () ->
                PulseConfig.from(
                    ConfigSources.load(null, Map.of(), Map.of("session.max-length", "10 min"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("session.max-length");
  }

  @Test
  void missingInfrastructureSaysHowToGiveIt() {
    assertThatThrownBy(() -> PulseConfig.defaults().kafka().requireBootstrapServers())
        .hasMessageContaining("--kafka")
        .hasMessageContaining("PULSE_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void theApiKeyNeverShowsInToString() throws Exception {
    PulseConfig config =
        PulseConfig.from(
            ConfigSources.load(
                null, Map.of("PULSE_ELASTICSEARCH_API_KEY", "s3cr3t-key"), Map.of()));

    assertThat(config.elasticsearch().apiKey()).contains("s3cr3t-key");
    assertThat(config.toString()).doesNotContain("s3cr3t-key");
  }

  @Test
  void indicatorWeightsAndThresholdsAreConfiguration() throws Exception {
    PulseConfig config =
        PulseConfig.from(
            ConfigSources.load(
                null,
                Map.of("PULSE_INDICATORS_ADVOCATE_THRESHOLD", "20"),
                Map.of("indicators.engagement-weights", "posts:7,page_views:0")));

    var settings = config.indicators();
    assertThat(settings.advocateThreshold()).isEqualTo(20.0);
    assertThat(settings.engagementWeight(io.communitypulse.indicators.MemberSignal.Field.POSTS))
        .isEqualTo(7.0);
    assertThat(settings.engagementWeight(io.communitypulse.indicators.MemberSignal.Field.REPLIES))
        .isEqualTo(3.0);
    assertThatThrownBy(
            () ->
                PulseConfig.from(
                    ConfigSources.load(
                        null, Map.of(), Map.of("indicators.advocacy-weights", "sharez:5"))))
        .hasMessageContaining("indicators.advocacy-weights")
        .hasMessageContaining("sharez");
  }

  @Test
  void theHmacKeyNeverShowsInToString() throws Exception {
    PulseConfig config =
        PulseConfig.from(
            ConfigSources.load(
                null, Map.of("PULSE_PRIVACY_MEMBER_ID_HMAC_KEY", "k3y-123"), Map.of()));

    assertThat(config.privacy().memberIdHmacKey()).contains("k3y-123");
    assertThat(config.toString()).doesNotContain("k3y-123").contains("memberIdHmac=on");
  }

  @Test
  void theConfigurationReferenceListsEverySetting() throws Exception {
    String reference = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (var option : PulseOptions.all()) {
      assertThat(reference).as(option.key()).contains("`" + option.key() + "`");
    }
  }
}
