package io.communitypulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.infra.local.LocalKafka;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.privacy.CapturedLogs;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.JsonLinesWriter;
import io.communitypulse.simulator.SimulationCounts;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Kafka security settings against a real broker that only accepts SASL_PLAINTEXT/PLAIN:
 * with the right password every Kafka client of {@code ./pulse replay} works (preflight, topic
 * creation, the publisher, the job's sources and its dead-letter sink); with a wrong one the
 * command stops at once with one line naming the broker and the user, never the password. No log
 * line of either run shows the password.
 */
@ExtendWith(SharedInfrastructure.class)
class KafkaSaslITCase {

  private static final String USER = "pulse";
  private static final String PASSWORD = "sasl-pw-7c1e4b";

  private static LocalKafka kafka;

  @BeforeAll
  static void startSecuredBroker() {
    kafka = LocalKafka.withSaslPlain(Map.of(USER, PASSWORD)).start();
  }

  @AfterAll
  static void stopSecuredBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void withTheRightPasswordEveryKafkaClientOfReplayWorks(@TempDir Path dir) throws Exception {
    SimulatorSettings settings =
        SimulatorSettings.defaults()
            .withSeed(5)
            .withCommunities(1)
            .withMembersPerCommunity(10)
            .withVisitorsPerCommunity(10)
            .withDays(1)
            .withStart(Instant.parse("2026-02-02T00:00:00Z"))
            .withDuplicateShare(0.0)
            .withMalformedShare(0.02);
    Path file = dir.resolve("events.jsonl");
    SimulationCounts written =
        JsonLinesWriter.forSettings(settings)
            .write(new CommunitySimulator(settings).iterator(), file);

    Run run;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      run = replay(file, PASSWORD);
      logs = captured.text();
    }

    assertThat(run.exit()).as("stderr: %s", run.stderr()).isZero();
    assertThat(logs)
        .as("Kafka's client config dumps were captured, with the JAAS settings hidden")
        .contains("sasl.jaas.config = [hidden]")
        .doesNotContain(PASSWORD);
    assertThat(written.malformed()).isPositive();
    assertThat(run.stdout())
        .as("dead letters went through the SASL producer, sessions through the SASL sources")
        .containsPattern(
            "replay: read=\\d+ dead_lettered="
                + written.malformed()
                + " duplicates=0 sessions=[1-9]");
  }

  @Test
  void aWrongPasswordStopsTheCommandAtOnceWithOneLineNamingBrokerAndUser(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("events.jsonl"), "");
    long start = System.nanoTime();

    Run run;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      run = replay(file, "not-the-password");
      logs = captured.text();
    }

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(run.exit()).isNotZero();
    assertThat(run.stderr().lines().filter(l -> l.startsWith("pulse: ")))
        .containsExactly(
            "pulse: Kafka at "
                + kafka.bootstrapServers()
                + " rejected the SASL credentials for user "
                + USER
                + " (SaslAuthenticationException)");
    assertThat(run.stderr() + run.stdout() + logs).doesNotContain("not-the-password", PASSWORD);
    assertThat(took).as("fails fast, not after retries").isLessThan(Duration.ofSeconds(30));
  }

  private static Run replay(Path file, String password) {
    String name = SharedInfrastructure.uniqueName("sasl");
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                file.toString(),
                "--kafka",
                kafka.bootstrapServers(),
                "--es",
                SharedInfrastructure.elasticsearchUrl(),
                "--set",
                "kafka.security.protocol=SASL_PLAINTEXT",
                "--set",
                "kafka.sasl.mechanism=PLAIN",
                "--set",
                "kafka.sasl.username=" + USER,
                "--set",
                "kafka.sasl.password=" + password));
    args.addAll(PulseCommandLine.ownTopicsAndIndices(name));
    return PulseCommandLine.run(args);
  }
}
