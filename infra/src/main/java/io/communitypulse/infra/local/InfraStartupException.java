package io.communitypulse.infra.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Thrown when the local Kafka broker or Elasticsearch node cannot be started. Every message is one
 * line that says what went wrong and what to do about it, because it is usually read in the summary
 * of a failed build where stack traces are cut off.
 */
public class InfraStartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InfraStartupException(String message) {
    super(oneLine(message));
  }

  public InfraStartupException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  static InfraStartupException noJdk(String lookedAt) {
    return new InfraStartupException(
        "No JDK "
            + JdkLocator.MINIMUM_FEATURE_VERSION
            + "+ found to run Elasticsearch (looked at "
            + lookedAt
            + "); install one or set PULSE_ES_JAVA_HOME to its folder");
  }

  static InfraStartupException distributionNotFound(Path expected, String version) {
    return new InfraStartupException(
        "Elasticsearch test distribution not found at "
            + expected
            + "; fetch it with `./mvnw -N dependency:get"
            + " -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
            + version
            + ":zip -Dtransitive=false` or set PULSE_ES_DISTRIBUTION to the zip");
  }

  static InfraStartupException portBusy(String what, int port) {
    return new InfraStartupException(
        what
            + " port "
            + port
            + " on 127.0.0.1 is already in use; stop what holds it or choose another port");
  }

  static InfraStartupException elasticsearchNotHealthy(
      String url, Duration timeout, Path log, String firstError) {
    return new InfraStartupException(
        "Elasticsearch at "
            + url
            + " did not become healthy within "
            + timeout.toSeconds()
            + " s; see "
            + log
            + (firstError.isEmpty() ? "" : " (first error: " + firstError + ")"));
  }

  static InfraStartupException elasticsearchExited(int exitCode, Path log, String firstError) {
    return new InfraStartupException(
        "Elasticsearch exited with code "
            + exitCode
            + " while starting; see "
            + log
            + (firstError.isEmpty() ? "" : " (first error: " + firstError + ")"));
  }

  static InfraStartupException kafkaFailed(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new InfraStartupException(
        "The local Kafka broker failed to start: "
            + root.getClass().getSimpleName()
            + (root.getMessage() == null ? "" : ": " + root.getMessage()),
        cause);
  }

  /** Collapses line breaks so the message stays on one line whatever the cause text holds. */
  private static String oneLine(String message) {
    return message == null ? null : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
