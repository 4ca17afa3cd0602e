package io.communitypulse.cli;

import io.communitypulse.config.KafkaSettings;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.JsonLinesWriter;
import io.communitypulse.simulator.KafkaEventPublisher;
import io.communitypulse.simulator.RatePacer;
import io.communitypulse.simulator.RealTimeFeeder;
import io.communitypulse.simulator.SimulationCounts;
import io.communitypulse.simulator.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pulse simulate}: the site simulator alone. With {@code --out} it writes a JSON-lines
 * file; otherwise it produces into the configured Kafka topics. The simulation itself lives in
 * {@code io.communitypulse.simulator}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates several online communities (page views, sign-ins, posts, replies, shares and the"
          + " visits they bring) and feeds them into Kafka (--kafka), or writes them to a"
          + " JSON-lines file (--out). The same options always give the same events.",
      "Last line: simulate: wrote|sent N events (M clicks, K posts, D duplicates, L late,"
          + " B malformed) to TARGET"
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE.jsonl",
      description = "Write the events to this file (JSON lines) instead of Kafka.")
  Path out;

  @Option(
      names = "--days",
      paramLabel = "N",
      description =
          "Length of the simulated period (default: " + SimulatorSettings.DEFAULT_DAYS + ").")
  Integer days;

  @Option(
      names = "--start",
      paramLabel = "DATE|INSTANT",
      description =
          "Start of the period: 2025-03-01 (midnight UTC) or 2025-03-01T08:00:00Z (default:"
              + " midnight UTC "
              + SimulatorSettings.DEFAULT_START_DAYS_AGO
              + " days ago).")
  String start;

  @Option(
      names = "--duplicates",
      paramLabel = "SHARE",
      description =
          "Share of events re-emitted as exact copies (default: "
              + SimulatorSettings.DEFAULT_DUPLICATE_SHARE
              + ").")
  Double duplicates;

  @Option(
      names = "--malformed",
      paramLabel = "SHARE",
      description = "Share of broken lines mixed into --out (default: 0).")
  Double malformed;

  @Option(
      names = "--late",
      paramLabel = "SHARE",
      description = "Share of events emitted more than 2 h after their time (default: 0).")
  Double late;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      description = "Kafka only: events per second, 0 for as fast as possible (default: 0).")
  double rate;

  @Option(
      names = "--live",
      description =
          "Kafka only: feed on the wall clock until interrupted, like a live site: the period"
              + " starts --history-days ago (sent at once) and runs until "
              + SimulatorSettings.LIVE_DAYS_AHEAD
              + " days after today (each event sent when its time comes). --start/--days"
              + " override it.")
  boolean live;

  @Option(
      names = "--history-days",
      paramLabel = "N",
      description =
          "With --live: days of history sent at once before going live (default: "
              + SimulatorSettings.LIVE_HISTORY_DAYS
              + ").")
  Integer historyDays;

  @Mixin PopulationOptions population;

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    SimulatorSettings settings = settings();
    CommunitySimulator simulator = new CommunitySimulator(settings);
    PrintWriter stdout = spec.commandLine().getOut();
    if (out != null) {
      announce(settings, "to " + out);
      SimulationCounts counts =
          JsonLinesWriter.forSettings(settings).write(simulator.iterator(), out);
      stdout.println("simulate: wrote " + counts.summary() + " to " + out);
      return finish(counts);
    }
    if (settings.malformedShare() > 0) {
      throw new UserFacingException("--malformed applies to --out files only");
    }
    PulseConfig config = options.load();
    config.kafka().requireBootstrapServers(); // no Kafka address: say so before simulating anything
    if (live) {
      return feedLive(settings, config);
    }
    RatePacer pacer;
    try {
      pacer = RatePacer.perSecond(rate);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--rate: " + e.getMessage());
    }
    String target = target(config);
    announce(settings, "into " + target);
    SimulationCounts counts;
    try (KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(config)) {
      counts =
          new KafkaEventPublisher(
                  producer, config.kafka().clicksTopic(), config.kafka().postsTopic())
              .publish(simulator.iterator(), pacer);
    }
    stdout.println("simulate: sent " + counts.summary() + " to " + target);
    return finish(counts);
  }

  private int feedLive(SimulatorSettings settings, PulseConfig config) {
    String kafka = config.kafka().requireBootstrapServers();
    String target = target(config);
    announce(settings, "live into " + target);
    try (KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(kafka)) {
      RealTimeFeeder feeder =
          new RealTimeFeeder(
              new CommunitySimulator(settings).iterator(),
              new KafkaEventPublisher(
                  producer, config.kafka().clicksTopic(), config.kafka().postsTopic()),
              producer,
              Clock.systemUTC(),
              0);
      feeder.run();
      spec.commandLine()
          .getOut()
          .println("simulate: sent " + feeder.sent() + " events live to " + target);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private void announce(SimulatorSettings settings, String where) {
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println(
        "pulse: simulating "
            + String.join(", ", settings.communityIds())
            + " from "
            + settings.start()
            + " to "
            + settings.end()
            + " (seed "
            + settings.seed()
            + ") "
            + where);
    stderr.flush();
  }

  private int finish(SimulationCounts counts) {
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println("pulse: by type: " + counts.byType());
    stderr.flush();
    spec.commandLine().getOut().flush();
    return 0;
  }

  private SimulatorSettings settings() {
    SimulatorSettings s = population.applyTo(SimulatorSettings.defaults());
    if (historyDays != null && !live) {
      throw new UserFacingException("--history-days applies to --live only");
    }
    try {
      if (live) {
        if (out != null) {
          throw new UserFacingException("--live feeds Kafka; it cannot be combined with --out");
        }
        s =
            s.withLivePeriod(
                Clock.systemUTC(),
                historyDays != null ? historyDays : SimulatorSettings.LIVE_HISTORY_DAYS);
      }
      if (days != null) {
        s = s.withDays(days);
      }
      if (start != null) {
        s = s.withStart(SimulatorSettings.parseStart(start));
      }
      if (duplicates != null) {
        s = s.withDuplicateShare(duplicates);
      }
      if (malformed != null) {
        s = s.withMalformedShare(malformed);
      }
      if (late != null) {
        s = s.withLateShare(late);
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("invalid simulation setting: " + e.getMessage());
    }
  }

  /** Where the events go, as the command reports it. */
  private static String target(PulseConfig config) {
    KafkaSettings kafka = config.kafka();
    return "Kafka "
        + kafka.requireBootstrapServers()
        + " ("
        + kafka.clicksTopic()
        + ", "
        + kafka.postsTopic()
        + ")";
  }
}
