package io.communitypulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArgumentsTest {

  @Test
  void readsTheSettingsPulseRunTakesInTheSameOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pulse.properties");
    Files.writeString(file, "session.gap=10 min\nsession.max-length=2 h\n");
    Map<String, String> env = Map.of("PULSE_SESSION_GAP", "20 min", "PULSE_JOB_PARALLELISM", "3");

    PulseConfig config =
        JobArguments.parse(
            new String[] {
              "--config",
              file.toString(),
              "--kafka",
              "broker:9092",
              "--es=http://node:9200",
              "--set",
              "session.gap=25 min",
              "--set=kafka.group-id=rebuild"
            },
            env);

    assertThat(config.sessions().gap()).isEqualTo(Duration.ofMinutes(25));
    assertThat(config.sessions().maxLength()).isEqualTo(Duration.ofHours(2));
    assertThat(config.job().parallelism()).isEqualTo(3);
    assertThat(config.kafka().groupId()).isEqualTo("rebuild");
    assertThat(config.kafka().requireBootstrapServers()).isEqualTo("broker:9092");
    assertThat(config.elasticsearch().requireUrl()).isEqualTo("http://node:9200");
  }

  @Test
  void takesTheFileFromPulseConfigWhenNoneIsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pulse.properties");
    Files.writeString(file, "kafka.group-id=from-file\n");

    PulseConfig config = JobArguments.parse(new String[0], Map.of("PULSE_CONFIG", file.toString()));

    assertThat(config.kafka().groupId()).isEqualTo("from-file");
    assertThatThrownBy(
            () ->
                JobArguments.parse(
                    new String[0], Map.of("PULSE_CONFIG", dir.resolve("none").toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("config file not found: ");
  }

  @Test
  void namesAnArgumentItDoesNotKnowOrAValueThatIsMissing() {
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"run"}, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("unknown argument 'run'");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--set"}, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("--set: a value is missing");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--set", "session.gap"}, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("--set session.gap: expected KEY=VALUE");
  }
}
