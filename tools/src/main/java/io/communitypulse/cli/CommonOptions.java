package io.communitypulse.cli;

import io.communitypulse.config.ConfigSources;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every subcommand shares. Each one also reads from the environment and from a properties
 * file; the full list of settings is {@code --set KEY=VALUE} with keys from {@link PulseOptions}
 * (see docs/configuration.md).
 */
public final class CommonOptions {

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (env PULSE_KAFKA_BOOTSTRAP_SERVERS).")
  String kafka;

  @Option(
      names = "--es",
      paramLabel = "URL",
      description = "Elasticsearch URL (env PULSE_ELASTICSEARCH_URL).")
  String elasticsearch;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A properties file of settings (env PULSE_CONFIG).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --set session.gap=20min (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  /** Defaults, then the file, the environment, then the command line. */
  public PulseConfig load() {
    return load(System.getenv());
  }

  PulseConfig load(Map<String, String> env) {
    Map<String, String> explicit = new HashMap<>(settings);
    if (kafka != null) {
      explicit.put(PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key(), kafka);
    }
    if (elasticsearch != null) {
      explicit.put(PulseOptions.ES_URL.key(), elasticsearch);
    }
    return ConfigSources.resolve(configFile, env, explicit);
  }

  /** Whether the user named a Kafka (flag, env or file) or ./pulse must start its own. */
  static boolean given(java.util.Optional<String> value) {
    return value.isPresent() && !value.get().isBlank();
  }
}
