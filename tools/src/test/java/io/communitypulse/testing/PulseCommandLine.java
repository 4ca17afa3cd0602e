package io.communitypulse.testing;

import io.communitypulse.cli.Pulse;
import io.communitypulse.infra.testing.SharedInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code ./pulse} through its Java entry point the way a user does, capturing what it prints,
 * for the ITCases that check a command's output and exit code.
 */
public final class PulseCommandLine {

  private PulseCommandLine() {}

  /** What a run printed and returned. */
  public record Run(int exit, String stdout, String stderr) {}

  /** Runs the command line with stdout and stderr captured. */
  public static Run run(List<String> args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = Pulse.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Run(
        exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@code ./pulse replay FILE} against the shared broker and node, with its own topics and indices
   * ({@link #ownTopicsAndIndices}); a mutable list, so a test can add settings.
   */
  public static List<String> replayOnSharedInfrastructure(Path file, String name) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                file.toString(),
                "--kafka",
                SharedInfrastructure.kafkaBootstrapServers(),
                "--es",
                SharedInfrastructure.elasticsearchUrl()));
    args.addAll(ownTopicsAndIndices(name));
    return args;
  }

  /**
   * Settings that give a run its own topics ({@code NAME.clicks}, …) and indices ({@code NAME-}
   * prefix) on the shared broker and node.
   */
  public static List<String> ownTopicsAndIndices(String name) {
    return List.of(
        "--set",
        "kafka.topic.clicks=" + name + ".clicks",
        "--set",
        "kafka.topic.posts=" + name + ".posts",
        "--set",
        "kafka.topic.dead-letter=" + name + ".deadletter",
        "--set",
        "kafka.topic.erasure=" + name + ".erasure",
        "--set",
        "elasticsearch.index-prefix=" + name + "-");
  }
}
