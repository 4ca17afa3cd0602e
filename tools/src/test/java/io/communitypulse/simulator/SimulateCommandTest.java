package io.communitypulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.cli.Pulse;
import io.communitypulse.wire.EventReader;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./pulse simulate --out}: the thin command over the simulator. */
class SimulateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int simulate(String... args) {
    CommandLine cli = new CommandLine(new Pulse());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "simulate";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  @Test
  void writesTheFileAndPrintsTheCounts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sim.jsonl");

    int code =
        simulate(
            "--out",
            file.toString(),
            "--start",
            "2025-03-03",
            "--days",
            "1",
            "--communities",
            "2",
            "--members",
            "60",
            "--visitors",
            "80",
            "--seed",
            "7",
            "--malformed",
            "0.02");

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(file);
    String summary = out.toString().strip();
    assertThat(summary)
        .matches(
            "simulate: wrote \\d+ events \\(\\d+ clicks, \\d+ posts, \\d+ duplicates, 0 late, \\d+"
                + " malformed\\) to .*sim\\.jsonl")
        .startsWith("simulate: wrote " + lines.size() + " events");
    EventReader reader =
        new EventReader(
            new JsonEventFormat(),
            new EventValidator(Clock.fixed(Instant.parse("2025-03-05T00:00:00Z"), ZoneOffset.UTC)));
    long rejected = lines.stream().filter(l -> !reader.read(l).ok()).count();
    assertThat(summary).contains(" " + rejected + " malformed");
    assertThat(lines)
        .filteredOn(l -> reader.read(l).ok())
        .allSatisfy(l -> assertThat(l).containsAnyOf("acme-devs", "data-guild"))
        .noneMatch(l -> l.contains("cloud-champions"));
  }

  @Test
  void refusesABadSettingInOneLine(@TempDir Path dir) {
    int code = simulate("--out", dir.resolve("x.jsonl").toString(), "--members", "3");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("members must be between 10");
    assertThat(Files.exists(dir.resolve("x.jsonl"))).isFalse();
  }

  @Test
  void liveFeedsKafkaOnly(@TempDir Path dir) {
    int code = simulate("--live", "--out", dir.resolve("x.jsonl").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--live feeds Kafka; it cannot be combined with --out");
    assertThat(Files.exists(dir.resolve("x.jsonl"))).isFalse();
  }

  @Test
  void historyDaysGoWithLiveOnly(@TempDir Path dir) {
    int code = simulate("--out", dir.resolve("x.jsonl").toString(), "--history-days", "35");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--history-days applies to --live only");
    assertThat(Files.exists(dir.resolve("x.jsonl"))).isFalse();
  }
}
