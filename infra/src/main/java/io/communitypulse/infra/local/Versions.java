package io.communitypulse.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions of the Elasticsearch server and the Kafka broker this module runs, read from a
 * resource that Maven fills in from the parent pom, so the local zip, the Docker images and the
 * client libraries follow one pinned version each.
 */
final class Versions {

  /** Version of Elastic's server distribution (the integ-test zip and the Docker image). */
  static final String ELASTICSEARCH_SERVER;

  /** Version of the Kafka broker (the in-JVM kit and the Docker image). */
  static final String KAFKA;

  static {
    Properties properties = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the pulse-infra jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ELASTICSEARCH_SERVER = required(properties, "elasticsearch.server.version");
    KAFKA = required(properties, "kafka.version");
  }

  private Versions() {}

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key, "");
    // An unfiltered "${...}" means the resource was copied without Maven filtering.
    if (value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException("versions.properties has no value for " + key);
    }
    return value.trim();
  }
}
