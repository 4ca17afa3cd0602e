package io.communitypulse.cli;

import io.communitypulse.config.InvalidConfigException;
import io.communitypulse.infra.local.InfraStartupException;
import io.communitypulse.runtime.UnreachableInfrastructureException;
import io.communitypulse.setup.SetupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./pulse} command line: a thin dispatcher to one subcommand per use. */
@Command(
    name = "pulse",
    mixinStandardHelpOptions = true,
    version = "Community Pulse 0.1.0",
    description = "Measures online communities by what their members do.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      SetupCommand.class,
      ForgetCommand.class,
      OwnClasspathCommands.Collect.class,
      OwnClasspathCommands.Bench.class,
      CommandLine.HelpCommand.class
    })
public final class Pulse implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // A cluster runs the job jar's own entry point (EngagementJobMain), never this one.
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Pulse());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // One line for the errors a user can fix; a stack trace only for our own bugs.
          if (e instanceof InvalidConfigException || isStartupProblem(e)) {
            commandLine.getErr().println("pulse: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  private static boolean isStartupProblem(Exception e) {
    return e instanceof InfraStartupException
        || e instanceof UnreachableInfrastructureException
        || e instanceof UserFacingException
        || e instanceof SetupException;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
