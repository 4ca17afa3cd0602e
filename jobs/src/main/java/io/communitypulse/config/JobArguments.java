package io.communitypulse.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of the job's main class on a cluster: the settings {@code ./pulse run} takes
 * ({@code --config FILE}, {@code --kafka HOST:PORT}, {@code --es URL}, {@code --set KEY=VALUE},
 * each option also as {@code --option=value}), read into the same sources in the same order ({@link
 * ConfigSources#resolve}), without the command line's library, which the job jar does not carry. An
 * argument it does not know is an error that names it.
 */
public final class JobArguments {

  private static final Set<String> OPTIONS = Set.of("--config", "--kafka", "--es", "--set");

  private JobArguments() {}

  /** The configuration {@code args} and {@code env} give. */
  public static PulseConfig parse(String[] args, Map<String, String> env) {
    Path file = null;
    Map<String, String> explicit = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      if (!OPTIONS.contains(name)) {
        throw new InvalidConfigException(
            "unknown argument '"
                + arg
                + "'; the job takes --config FILE, --kafka HOST:PORT, --es URL and"
                + " --set KEY=VALUE");
      }
      String value;
      if (name.length() < arg.length()) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new InvalidConfigException(arg + ": a value is missing");
      }
      switch (name) {
        case "--config" -> file = Path.of(value);
        case "--kafka" -> explicit.put(PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key(), value);
        case "--es" -> explicit.put(PulseOptions.ES_URL.key(), value);
        case "--set" -> {
          int split = value.indexOf('=');
          if (split <= 0) {
            throw new InvalidConfigException("--set " + value + ": expected KEY=VALUE");
          }
          explicit.put(value.substring(0, split), value.substring(split + 1));
        }
        default -> throw new IllegalStateException("unhandled option " + name);
      }
    }
    return ConfigSources.resolve(file, env, explicit);
  }
}
