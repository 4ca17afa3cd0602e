package io.communitypulse.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The browser tracker served at {@code GET /pulse.js}: the {@code pulse.js} resource next to this
 * class, read once at start, with a strong ETag from its content so browsers revalidate cheaply.
 */
final class TrackerScript {

  /** Where the tracker lives on the classpath. */
  static final String RESOURCE = "/io/communitypulse/collector/pulse.js";

  /**
   * Short enough that a new tracker reaches every page within minutes of a deployment, long enough
   * that a visitor's page views do not each fetch it again.
   */
  static final String CACHE_CONTROL = "public, max-age=300";

  private final byte[] content;
  private final String etag;

  private TrackerScript(byte[] content) {
    this.content = content;
    this.etag = "\"" + sha256(content).substring(0, 32) + "\"";
  }

  /** The script from the classpath. */
  static TrackerScript load() {
    try (InputStream in = TrackerScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new TrackerScript(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  byte[] content() {
    return content;
  }

  String etag() {
    return etag;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
