package io.communitypulse.config;

import java.io.IOException;
import java.io.Reader;
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
 */
public final class ConfigSources {

  private ConfigSources() {}

  /** {@code session.gap} → {@code PULSE_SESSION_GAP}. */
  public static String envName(String key) {
    return "PULSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
    }
    explicit.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
          }
        });
    return Configuration.fromMap(merged);
  }
}
