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

    assertThat(config.sessionGap()).isEqualTo(Duration.ofMinutes(25));
    assertThat(config.sessionMaxLength()).isEqualTo(Duration.ofHours(2));
    assertThat(config.parallelism()).isEqualTo(3);
    assertThat(config.groupId()).isEqualTo("rebuild");
    assertThat(config.requireKafka()).isEqualTo("broker:9092");
    assertThat(config.requireElasticsearch()).isEqualTo("http://node:9200");
  }

  @Test
  void takesTheFileFromPulseConfigWhenNoneIsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pulse.properties");
    Files.writeString(file, "kafka.group-id=from-file\n");

    PulseConfig config = JobArguments.parse(new String[0], Map.of("PULSE_CONFIG", file.toString()));

    assertThat(config.groupId()).isEqualTo("from-file");
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
