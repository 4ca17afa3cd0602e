package io.communitypulse.cli;

import io.communitypulse.demo.Demo;
import io.communitypulse.simulator.SimulatorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./pulse demo}: the main job on the embedded default, fed by the site simulator. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the job on an embedded Kafka broker and Elasticsearch node (or the ones given),"
            + " fed by a simulator of several communities (weeks of history at once, then live),"
            + " with the Flink web UI and a live summary. Ctrl-C stops everything.")
public final class DemoCommand implements Callable<Integer> {

  /**
   * More members than a file simulation, so that the live part of the demo moves, yet few enough
   * that the job catches up on {@link #DEMO_HISTORY_DAYS} days of history (about half a million
   * events) in a minute or two on two cores.
   */
  static final int DEMO_MEMBERS = 500;

  /**
   * History fed at once before going live: more than 28 days, so that the day 28 days before today
   * has data of its own and today's promotions and demotions compare two real levels.
   */
  static final int DEMO_HISTORY_DAYS = 35;

  /**
   * Events per second once live. The simulated site's own pace is about 0.2 per second for the
   * demo's population, at which a summary barely changes; at this rate sessions, members and
   * advocates visibly move between two summaries, and a laptop keeps up with ease.
   */
  static final double DEMO_LIVE_RATE = 30;

  @Mixin PopulationOptions population;

  @Option(
      names = "--history-days",
      paramLabel = "N",
      description =
          "Days of simulated history fed at once before going live (default: ${DEFAULT-VALUE}).")
  int historyDays = DEMO_HISTORY_DAYS;

  @Option(
      names = "--live-rate",
      paramLabel = "EVENTS_PER_S",
      description =
          "Events per second once live, each dated when it is sent: the simulated communities"
              + " run faster than the clock, never ahead of it. 0 sends each event when its"
              + " simulated time comes, about 0.2 per second (default: ${DEFAULT-VALUE}).")
  double liveRate = DEMO_LIVE_RATE;

  @Option(
      names = "--web-ui-port",
      description = "Port of the Flink web UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webUiPort = 0;

  @Option(
      names = "--summary-every",
      description = "Seconds between summaries (default: ${DEFAULT-VALUE}).")
  int summaryEvery = 5;

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    SimulatorSettings simulation;
    try {
      simulation =
          population.applyTo(
              SimulatorSettings.defaults()
                  .withMembersPerCommunity(DEMO_MEMBERS)
                  .withLivePeriod(Clock.systemUTC(), historyDays));
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--history-days: " + e.getMessage());
    }
    if (!(liveRate >= 0) || Double.isInfinite(liveRate)) {
      throw new UserFacingException(
          "--live-rate must be 0 or a number of events per second, was " + liveRate);
    }
    Demo demo =
        new Demo(
            options.load(),
            simulation,
            liveRate,
            webUiPort,
            Duration.ofSeconds(summaryEvery),
            System.out);
    Thread main = Thread.currentThread();
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: interrupt the demo, then wait until it has stopped everything it started.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  main.interrupt();
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "pulse-demo-shutdown"));
    try {
      demo.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      System.out.println("pulse demo: stopping...");
      demo.close();
      stopped.countDown();
    }
    return 0;
  }
}
