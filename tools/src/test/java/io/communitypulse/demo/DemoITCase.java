package io.communitypulse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.communitypulse.infra.testing.RepositoryRoot;
import io.communitypulse.infra.testing.SharedInfrastructure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./pulse demo} as a newcomer meets it: a JVM of its own with the script's classpath and
 * logging, its own Kafka broker, one day of history (the shared Elasticsearch node keeps the test
 * quick). Nothing it prints, from the start until it is stopped, is a warning or a stack trace; and
 * within 30 s of going live, a summary shows more events sent and more sessions in some community
 * than the first summary after going live that showed sessions.
 */
@ExtendWith(SharedInfrastructure.class)
class DemoITCase {

  private static final Logger LOG = LoggerFactory.getLogger(DemoITCase.class);

  /** What the issue promises a newcomer. */
  private static final Duration MOVES_WITHIN = Duration.ofSeconds(30);

  /** A broker, the job and one day of history, on a busy two-core machine. */
  private static final Duration LIVE_WITHIN = Duration.ofMinutes(2);

  private static final Duration STOPS_WITHIN = Duration.ofMinutes(1);

  /** The feeder's line when the history is sent (RealTimeFeeder). */
  private static final String GOING_LIVE = "events of history sent; live now";

  private static final Pattern SUMMARY =
      Pattern.compile("^\\[\\d\\d:\\d\\d:\\d\\d] events sent ([\\d,]+) .*");
  private static final Pattern COMMUNITY = Pattern.compile("^ {11}(\\S+) +sessions +([\\d,]+) \\|");

  /** A warning, an error or a stack trace, whoever prints it. */
  private static final Pattern TROUBLE =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at |^Caused by:|^\\s*\\.\\.\\. \\d+ more");

  @Test
  void printsNoWarningAndItsSummaryMovesWithin30sOfGoingLive(@TempDir Path dir) throws Exception {
    Output output;
    Process demo = start(dir);
    try {
      output = Output.readFrom(demo);
      long liveAt =
          await("the demo going live")
              .atMost(LIVE_WITHIN)
              .until(() -> output.receivedAt(GOING_LIVE), Optional::isPresent)
              .orElseThrow();

      long deadline = liveAt + MOVES_WITHIN.toNanos();
      await("a summary showing more events and sessions than the first one after going live")
          .atMost(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())))
          .until(() -> moved(output.summariesAfter(liveAt)));
    } finally {
      // SIGTERM, as Ctrl-C: the demo stops what it started. Through the handle, which unlike
      // Process.destroy() leaves the output open, so that what the demo prints then is read too.
      demo.toHandle().destroy();
      if (!demo.waitFor(STOPS_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
    output.awaitEnd();
    List<String> lines = output.lines();
    LOG.info(
        "./pulse demo exited with {} and printed:\n{}", demo.exitValue(), String.join("\n", lines));

    assertThat(lines).anyMatch(line -> line.startsWith("  Flink web UI"));
    assertThat(lines)
        .as("nothing a newcomer would take for trouble")
        .noneMatch(DemoITCase::trouble);
    assertThat(lines).contains("pulse demo: stopping...");
  }

  /** The demo as the ./pulse script starts it, its own Kafka broker included. */
  private static Process start(Path dir) throws IOException {
    Path tools = RepositoryRoot.find().resolve("tools");
    Path classpathFile = tools.resolve("target/pulse.classpath");
    assertThat(classpathFile)
        .as("written by the package phase, before the integration tests")
        .exists();
    String classpath =
        tools.resolve("target/classes") + ":" + Files.readString(classpathFile).strip();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx1g",
            "-Dlog4j.configurationFile=pulse-log4j2.properties",
            "-Dlog.file=" + dir.resolve("pulse.log"),
            "-cp",
            classpath,
            "io.communitypulse.cli.Pulse",
            "demo",
            "--history-days",
            "1",
            // Summaries more often than the default 5 s, so that 30 s hold several.
            "--summary-every",
            "2",
            "--es",
            SharedInfrastructure.elasticsearchUrl(),
            "--set",
            "elasticsearch.index-prefix=" + SharedInfrastructure.uniqueName("demo") + "-");
    return new ProcessBuilder(command)
        .redirectErrorStream(true) // one screen, as in a terminal
        .start();
  }

  /**
   * Whether a summary shows more events sent and more sessions in at least one community than the
   * first one that showed sessions at all (a community missing from a summary has none yet).
   */
  private static boolean moved(List<Summary> summaries) {
    int first = 0;
    while (first < summaries.size() && summaries.get(first).sessions().isEmpty()) {
      first++;
    }
    if (first >= summaries.size() - 1) {
      return false;
    }
    Summary withSessions = summaries.get(first);
    for (Summary later : summaries.subList(first + 1, summaries.size())) {
      boolean moreSessions =
          later.sessions().entrySet().stream()
              .anyMatch(e -> e.getValue() > withSessions.sessions().getOrDefault(e.getKey(), 0L));
      if (later.sent() > withSessions.sent() && moreSessions) {
        return true;
      }
    }
    return false;
  }

  private static boolean trouble(String line) {
    return TROUBLE.matcher(line).find();
  }

  /** One summary: events sent and sessions per community shown. */
  private record Summary(long sent, Map<String, Long> sessions) {}

  /** What the demo printed, line by line with the time each line arrived. */
  private static final class Output {
    private final List<String> lines = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Thread reader;

    private Output(Process process) {
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (this) {
                      lines.add(line);
                      arrivals.add(System.nanoTime());
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              "demo-itcase-output");
      reader.setDaemon(true);
    }

    static Output readFrom(Process process) {
      Output output = new Output(process);
      output.reader.start();
      return output;
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    synchronized Optional<Long> receivedAt(String text) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return Optional.of(arrivals.get(i));
        }
      }
      return Optional.empty();
    }

    /**
     * The summaries that arrived after {@code nanos}; the last one may still lack communities,
     * which only ever hides growth.
     */
    synchronized List<Summary> summariesAfter(long nanos) {
      List<Summary> summaries = new ArrayList<>();
      Long sent = null;
      Map<String, Long> sessions = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        if (arrivals.get(i) < nanos) {
          continue;
        }
        Matcher summary = SUMMARY.matcher(lines.get(i));
        Matcher community = COMMUNITY.matcher(lines.get(i));
        if (summary.matches()) {
          if (sent != null) {
            summaries.add(new Summary(sent, sessions));
          }
          sent = number(summary.group(1));
          sessions = new LinkedHashMap<>();
        } else if (sent != null && community.find()) {
          sessions.put(community.group(1), number(community.group(2)));
        }
      }
      if (sent != null) {
        summaries.add(new Summary(sent, sessions));
      }
      return summaries;
    }

    void awaitEnd() throws InterruptedException {
      reader.join(STOPS_WITHIN.toMillis());
    }

    private static long number(String digits) {
      return Long.parseLong(digits.replace(",", ""));
    }
  }
}
