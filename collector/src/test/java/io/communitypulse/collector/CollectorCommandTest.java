package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./pulse collect}'s options: flags over the environment over the config file. */
class CollectorCommandTest {

  @TempDir Path dir;

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Path file = dir.resolve("collector.properties");
    Files.writeString(
        file, "kafka.bootstrap-servers=file:9092\ncollector.port=1\ncollector.retry-after=9 s\n");
    CollectorCommand command = new CollectorCommand();
    new CommandLine(command)
        .parseArgs("--kafka", "cli:9092", "--port", "9", "--set", "collector.max-batch-events=3");

    CollectorSettings settings =
        command.load(
            Map.of(
                "PULSE_CONFIG", file.toString(),
                "PULSE_COLLECTOR_PORT", "2",
                "PULSE_COLLECTOR_MAX_BATCH_EVENTS", "4"));

    assertThat(settings.bootstrapServers()).isEqualTo("cli:9092");
    assertThat(settings.port()).isEqualTo(9);
    assertThat(settings.maxBatchEvents()).isEqualTo(3);
    assertThat(settings.retryAfter()).hasSeconds(9);
  }

  @Test
  void aWrongSettingEndsTheCommandWithExitCode2() {
    assertThat(CollectorCommand.execute("--kafka", "k:9092", "--set", "collector.port=http"))
        .isEqualTo(2);
    assertThat(CollectorCommand.execute("--config", dir.resolve("missing").toString()))
        .isEqualTo(2);
  }
}
