package io.communitypulse.runtime;

/** A Kafka or Elasticsearch the configuration names does not answer; the message is one line. */
public class UnreachableInfrastructureException extends RuntimeException {
  public UnreachableInfrastructureException(String message, Throwable cause) {
    super(message, cause);
  }
}
