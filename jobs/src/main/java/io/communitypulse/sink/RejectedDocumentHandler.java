package io.communitypulse.sink;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.InitContext;

/**
 * Receives every document Elasticsearch refused for its content (a 4xx item error other than 409
 * and 429, e.g. {@code document_parsing_exception}), so one bad document goes to a dead-letter
 * topic instead of blocking the job or vanishing.
 *
 * <p>Each sink committer creates its own handler through a serializable {@link Factory}, so the job
 * can plug in a Kafka producer that lives on the task manager. All calls come from the committer's
 * task thread. {@link #flush()} is called after every commit, once Elasticsearch answered every
 * write of it: a handler that buffers (like a Kafka producer) must make its records durable there,
 * or a rejected document could be lost on a restart. A batch committed again after a restore may
 * hand the same refused document over again.
 */
public interface RejectedDocumentHandler extends Serializable, AutoCloseable {

  /**
   * Called once per refused write.
   *
   * @param write the refused write, with its original source bytes
   * @param errorType Elasticsearch's error type, e.g. {@code document_parsing_exception}
   * @param reason Elasticsearch's reason; it may quote part of the document, so do not log it
   */
  void rejected(DocumentWrite write, String errorType, String reason);

  /** Makes every record handed over so far durable; called after each commit. */
  default void flush() throws IOException, InterruptedException {}

  /** Releases resources; called when the committer closes. */
  @Override
  default void close() throws IOException {}

  /** Creates one handler per sink committer, on the task manager. */
  @FunctionalInterface
  interface Factory extends Serializable {
    RejectedDocumentHandler create(InitContext context) throws IOException;
  }

  /** The default: log each refused document at WARN (its id and error type, never its content). */
  static Factory logging() {
    return context -> new LoggingRejectedDocumentHandler();
  }
}
