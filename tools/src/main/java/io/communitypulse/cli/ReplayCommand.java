package io.communitypulse.cli;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.replay.Replay;
import io.communitypulse.replay.ReplayResult;
import io.communitypulse.setup.RunningInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./pulse replay FILE.jsonl}: a bounded end-to-end run over one file. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Feeds a JSON-lines file through Kafka and the job, waits until every event is reflected in"
          + " Elasticsearch, and prints the counts. Without --kafka/--es it starts an embedded"
          + " Kafka broker and Elasticsearch node.",
      "Last line: replay: read=N dead_lettered=N duplicates=N sessions=N members=N"
    })
public final class ReplayCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "One event per line.")
  Path file;

  @Option(
      names = "--keep-running",
      description = "Keep the embedded Kafka and Elasticsearch up after the replay (Ctrl-C stops).")
  boolean keepRunning;

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      throw new UserFacingException("cannot read " + file);
    }
    PulseConfig config = options.load();
    try (RunningInfrastructure infra = RunningInfrastructure.startMissing(config)) {
      PulseConfig running = infra.config();
      System.err.println(
          "pulse: replaying "
              + file
              + " (Kafka "
              + running.kafka().requireBootstrapServers()
              + ", Elasticsearch "
              + running.elasticsearch().requireUrl()
              + ")");
      ReplayResult result = new Replay(running).run(file);
      if (keepRunning) {
        System.err.println(
            "pulse: sessions are at "
                + running.elasticsearch().requireUrl()
                + "/"
                + running.elasticsearch().indexPrefix()
                + "pulse-sessions/_search ; Ctrl-C stops Kafka and Elasticsearch");
      }
      System.out.println(result.summaryLine());
      System.out.flush();
      if (keepRunning) {
        new CountDownLatch(1).await();
      }
    }
    return 0;
  }
}
