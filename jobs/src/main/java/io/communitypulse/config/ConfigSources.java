package io.communitypulse.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Layers the places a setting can come from, lowest first: the defaults in {@link PulseOptions}, a
 * properties file, environment variables ({@code PULSE_} + the key upper-cased with dots and dashes
 * as underscores), then explicit command-line values.
 *
 * <p>A secret ({@link PulseOptions#isSecret}) may instead be read from a file named by {@code
 * PULSE_<KEY>_FILE}, e.g. {@code PULSE_KAFKA_SASL_PASSWORD_FILE=/run/secrets/kafka-password}, the
 * way Docker and Kubernetes hand out secrets; trailing line breaks are dropped.
 */
public final class ConfigSources {

  private ConfigSources() {}

  /** {@code session.gap} → {@code PULSE_SESSION_GAP}. */
  public static String envName(String key) {
    return "PULSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@code kafka.sasl.password} → {@code PULSE_KAFKA_SASL_PASSWORD_FILE}. */
  public static String fileEnvName(String key) {
    return envName(key) + "_FILE";
  }

  /**
   * The validated configuration from every source: {@code file} (or, when null, the one {@code
   * PULSE_CONFIG} names, if any), {@code env}, then {@code explicit}. Both {@code ./pulse} and the
   * job's main class on a cluster read their settings this way.
   *
   * @throws InvalidConfigException for a file that does not exist or a wrong setting
   */
  public static PulseConfig resolve(
      Path file, Map<String, String> env, Map<String, String> explicit) {
    Path chosen = file;
    if (chosen == null && env.get("PULSE_CONFIG") != null) {
      chosen = Path.of(env.get("PULSE_CONFIG"));
    }
    if (chosen != null && !chosen.toFile().isFile()) {
      throw new InvalidConfigException("config file not found: " + chosen);
    }
    try {
      return PulseConfig.from(load(chosen, env, explicit));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + chosen, e);
    }
  }

  /**
   * Merges the sources into a Flink {@link Configuration}; {@link PulseConfig#from} then parses and
   * validates it.
   *
   * @param file a properties file, or null for none
   * @param env the environment (System.getenv() in production)
   * @param explicit values given on the command line, by key
   */
  public static Configuration load(Path file, Map<String, String> env, Map<String, String> explicit)
      throws IOException {
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      properties.stringPropertyNames().forEach(k -> merged.put(k, properties.getProperty(k)));
    }
    for (ConfigOption<?> option : PulseOptions.all()) {
      String value = env.get(envName(option.key()));
      if (value != null && !value.isBlank()) {
        merged.put(option.key(), value);
      }
      String secretFile = PulseOptions.isSecret(option) ? env.get(fileEnvName(option.key())) : null;
      if (secretFile != null && !secretFile.isBlank()) {
        if (value != null && !value.isBlank()) {
          throw new InvalidConfigException(
              "set either " + envName(option.key()) + " or " + fileEnvName(option.key()));
        }
        merged.put(option.key(), readSecret(fileEnvName(option.key()), Path.of(secretFile.trim())));
      }
    }
    explicit.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
          }
        });
    return Configuration.fromMap(merged);
  }

  /**
   * The file's content without trailing line breaks; the error names the variable, not the secret.
   */
  private static String readSecret(String variable, Path file) {
    try {
      String secret = Files.readString(file).replaceAll("[\\r\\n]+$", "");
      if (secret.isEmpty()) {
        throw new InvalidConfigException(variable + ": " + file + " is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new InvalidConfigException(
          variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
