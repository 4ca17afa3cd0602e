package io.communitypulse.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.setup.RunningInfrastructure;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.KafkaEventPublisher;
import io.communitypulse.simulator.RealTimeFeeder;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./pulse demo}: the engagement job on the embedded default. It starts a real Kafka broker
 * and Elasticsearch node, runs the job in a local mini-cluster with the Flink web UI, feeds it
 * simulated communities (the settings' history at once, weeks of it by default, then live at {@code
 * liveRate} events per second, see {@link RealTimeFeeder}), and prints a summary until interrupted;
 * {@link #close()} stops everything it started.
 */
public final class Demo implements AutoCloseable {

  private final PulseConfig requested;
  private final SimulatorSettings simulation;
  private final double liveRate;
  private final int webUiPort;
  private final Duration summaryEvery;
  private final PrintStream out;

  private RunningInfrastructure infra;
  private JobClient job;
  private Thread feederThread;
  private KafkaProducer<byte[], byte[]> producer;
  private ElasticsearchClient es;

  public Demo(
      PulseConfig config,
      SimulatorSettings simulation,
      double liveRate,
      int webUiPort,
      Duration summaryEvery,
      PrintStream out) {
    this.requested = config;
    this.simulation = simulation;
    this.liveRate = liveRate;
    this.webUiPort = webUiPort;
    this.summaryEvery = summaryEvery;
    this.out = out;
  }

  /** Runs until the thread is interrupted. */
  public void run() throws Exception {
    out.println(
        "pulse demo: starting Kafka and Elasticsearch (the first start unpacks Elasticsearch:"
            + " allow a minute)...");
    infra = RunningInfrastructure.startMissing(requested);
    PulseConfig config = infra.config();
    es = ElasticsearchClients.create(config.elasticsearch().connection());

    int port = webUiPort > 0 ? webUiPort : freePort();
    StreamExecutionEnvironment env = JobEnvironment.localWithWebUi(config, port);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    job = env.executeAsync("community-pulse-demo");

    producer = KafkaOffsets.producer(config);
    RealTimeFeeder feeder =
        new RealTimeFeeder(
            new CommunitySimulator(simulation).iterator(),
            new KafkaEventPublisher(
                producer, config.kafka().clicksTopic(), config.kafka().postsTopic()),
            producer,
            Clock.systemUTC(),
            liveRate);
    feederThread = new Thread(feeder, "pulse-demo-simulator");
    feederThread.setDaemon(true);
    feederThread.start();

    String sessions = config.elasticsearch().alias(Aliases.SESSIONS);
    out.println("pulse demo: running. Look at:");
    out.println("  Flink web UI      http://localhost:" + port);
    out.println("  Elasticsearch     " + config.elasticsearch().requireUrl());
    out.println(
        "  sessions          curl '"
            + config.elasticsearch().requireUrl()
            + "/"
            + sessions
            + "/_search?size=3'");
    out.println(
        "  Kafka             "
            + config.kafka().requireBootstrapServers()
            + " (topics "
            + config.kafka().clicksTopic()
            + ", "
            + config.kafka().postsTopic()
            + ", "
            + config.kafka().deadLetterTopic()
            + ")");
    String logFile = System.getProperty("log.file");
    if (logFile != null) {
      out.println("  full log          " + logFile);
    }
    out.println("Ctrl-C stops everything.");

    LiveSummary summary =
        new LiveSummary(
            es,
            sessions,
            config.elasticsearch().alias(Aliases.MEMBERS),
            config.elasticsearch().alias(Aliases.COMMUNITIES),
            out);
    Map<TopicPartition, Long> deadLetterStart = Map.of();
    while (!Thread.currentThread().isInterrupted()) {
      Thread.sleep(summaryEvery.toMillis());
      try {
        long deadLetters =
            KafkaOffsets.count(
                deadLetterStart,
                KafkaOffsets.end(config, List.of(config.kafka().deadLetterTopic())));
        summary.print(feeder.sent(), deadLetters);
      } catch (IOException | RuntimeException e) {
        if (interruption(e)) {
          // Ctrl-C while a summary was being read: stopping, not a problem to report.
          Thread.currentThread().interrupt();
          break;
        }
        out.println("pulse demo: summary unavailable for now: " + e.getMessage());
      }
    }
  }

  private static boolean interruption(Exception e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (feederThread != null) {
      feederThread.interrupt();
    }
    if (job != null) {
      try {
        job.cancel().get();
      } catch (Exception e) {
        // Already finished or the mini-cluster is going down: nothing left to stop.
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (es != null) {
      try {
        es.close();
      } catch (IOException e) {
        // Closing a client of a node that is about to stop.
      }
    }
    if (infra != null) {
      infra.close();
    }
  }
}
