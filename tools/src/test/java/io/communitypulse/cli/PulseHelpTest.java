package io.communitypulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.infra.testing.RepositoryRoot;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./pulse --help} names every command, the ones the script runs on their own too. */
class PulseHelpTest {

  /** The script's own dispatch: {@code if [ "${1:-}" = "bench" ]; then}. */
  private static final Pattern SCRIPT_COMMAND =
      Pattern.compile("if \\[ \"\\$\\{1:-}\" = \"([a-z]+)\" ]; then");

  @Test
  void helpListsTheCommandsTheScriptRunsOnTheirOwnClasspath() throws IOException {
    String script = Files.readString(RepositoryRoot.find().resolve("pulse"));
    Matcher dispatched = SCRIPT_COMMAND.matcher(script);
    List<String> ownClasspath = dispatched.results().map(m -> m.group(1)).toList();

    String help = help("--help");

    assertThat(ownClasspath).contains("bench", "collect");
    for (String command : ownClasspath) {
      assertThat(help).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(help).containsPattern("(?m)^  demo ").containsPattern("(?m)^  replay ");
  }

  @Test
  void aScriptOnlyCommandStartedWithoutTheScriptSaysHowToStartIt() {
    Run run = PulseCommandLine.run(List.of("bench"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("./pulse bench").doesNotContain("Exception");
  }

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Pulse());
    cli.setOut(new PrintWriter(out, true));
    cli.execute(args);
    return out.toString();
  }
}
