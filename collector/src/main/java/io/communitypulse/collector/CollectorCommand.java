package io.communitypulse.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse collect}: the HTTP collector (docs/producing-events.md, "The HTTP collector";
 * docs/operations.md, "The collector"). Parses the settings and runs a {@link CollectorServer}
 * until the process is stopped; everything else lives in the classes it wires.
 */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    version = "Community Pulse 0.1.0",
    description = {
      "Takes events over HTTP (POST /v1/events, GET /v1/p.gif), serves the tracker (/pulse.js)"
          + " and produces every accepted event to Kafka before answering.",
      "Settings: --set KEY=VALUE, PULSE_* variables or --config FILE (docs/configuration.md,"
          + " \"Collector\")."
    })
public final class CollectorCommand implements Callable<Integer> {

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (env PULSE_KAFKA_BOOTSTRAP_SERVERS).")
  String kafka;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port, default 8090 (env PULSE_COLLECTOR_PORT).")
  Integer port;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A properties file of settings (env PULSE_CONFIG).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --set collector.max-batch-events=100 (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  static int execute(String... args) {
    CommandLine cli = new CommandLine(new CollectorCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidSettingException || e instanceof CollectorStartException) {
            commandLine.getErr().println("pulse collect: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    CollectorSettings parsed = load(System.getenv());
    CollectorServer server = CollectorServer.start(parsed);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "pulse-collector-shutdown"));
    System.err.println(
        "pulse: collector on port "
            + server.port()
            + " (POST /v1/events, GET /v1/p.gif, /pulse.js, /healthz, /readyz, /metrics);"
            + " Ctrl-C stops it");
    stopped.await();
    return 0;
  }

  /** Defaults, then the file, the environment, then the command line. */
  CollectorSettings load(Map<String, String> env) {
    Map<String, String> explicit = new LinkedHashMap<>(settings);
    if (kafka != null) {
      explicit.put(CollectorOption.KAFKA_BOOTSTRAP_SERVERS.key(), kafka);
    }
    if (port != null) {
      explicit.put(CollectorOption.PORT.key(), port.toString());
    }
    Path file = configFile;
    if (file == null && env.get("PULSE_CONFIG") != null) {
      file = Path.of(env.get("PULSE_CONFIG"));
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new InvalidSettingException("config file not found: " + file);
    }
    return CollectorSettings.load(file, env, explicit);
  }
}
