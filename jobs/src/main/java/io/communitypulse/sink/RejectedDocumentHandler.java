package io.communitypulse.sink;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Receives every document Elasticsearch refused for its content (a 4xx item error other than 409
 * and 429, e.g. {@code document_parsing_exception}), so one bad document goes to a dead-letter
 * topic instead of blocking the job or vanishing.
 *
 * <p>Each sink writer creates its own handler through a serializable {@link Factory}, so the job
 * can plug in a Kafka producer that lives on the task manager. All calls come from the writer's
 * task thread. {@link #flush()} is called at every checkpoint after Elasticsearch acknowledged the
 * batch: a handler that buffers (like a Kafka producer) must make its records durable there, or a
 * rejected document could be lost on a restart.
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

  /** Makes every record handed over so far durable; called at each checkpoint. */
  default void flush() throws IOException, InterruptedException {}

  /** Releases resources; called when the writer closes. */
  @Override
  default void close() throws IOException {}

  /** Creates one handler per sink writer, on the task manager. */
  @FunctionalInterface
  interface Factory extends Serializable {
    RejectedDocumentHandler create(WriterInitContext context) throws IOException;
  }

  /** The default: log each refused document at WARN (its id and error type, never its content). */
  static Factory logging() {
    return context -> new LoggingRejectedDocumentHandler();
  }
}
