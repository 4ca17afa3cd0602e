package io.communitypulse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The commands that the {@code ./pulse} script runs in a JVM of their own, with their module's
 * classpath: {@code collect} (collector/) and {@code bench} (bench/). They are listed here so that
 * {@code ./pulse --help} names every command; the script never reaches these classes, and the
 * command's own {@code --help} describes its options.
 */
final class OwnClasspathCommands {

  private OwnClasspathCommands() {}

  @Command(
      name = "collect",
      description =
          "Takes events over HTTP, serves the tracker (pulse.js) and produces every accepted"
              + " event to Kafka before answering.")
  static final class Collect extends ScriptOnly {}

  @Command(
      name = "bench",
      description =
          "Benchmarks the engagement job against a Flink SQL baseline on the same input and"
              + " prints the median of the timed runs.")
  static final class Bench extends ScriptOnly {}

  /** Reached only when the CLI is started without the script, which lacks these classpaths. */
  private abstract static class ScriptOnly implements Callable<Integer> {
    @Override
    public Integer call() {
      String name = getClass().getAnnotation(Command.class).name();
      throw new UserFacingException(
          name + " runs on its own classpath: start it with ./pulse " + name);
    }
  }
}
