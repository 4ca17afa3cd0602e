package io.communitypulse.sink;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Collects {@link DocumentWrite}s between checkpoints, one per document between by-query operations
 * (the newest state wins, see {@link WriteBuffer}), and hands them to Flink as one {@link
 * WriteBatch} when a checkpoint starts. It never talks to Elasticsearch: the {@link
 * ElasticsearchCommitter} writes a batch only after the checkpoint that holds it has completed, so
 * Elasticsearch never shows a state that a restore could take back.
 *
 * <p>Only the task thread uses it, so there are no locks. Memory is bounded by the distinct
 * documents changed in one checkpoint interval, counted once per stretch between two by-query
 * operations.
 */
final class ElasticsearchSinkWriter implements CommittingSinkWriter<DocumentWrite, WriteBatch> {

  private final boolean objectReuse;
  private final WriteBuffer buffer = new WriteBuffer();
  private final Counter writesSuperseded;

  // Read by the metric reporter thread.
  private volatile int bufferedDocuments;

  ElasticsearchSinkWriter(SinkWriterMetricGroup metricGroup, boolean objectReuse) {
    this.objectReuse = objectReuse;
    this.writesSuperseded = metricGroup.counter(SinkMetrics.WRITES_SUPERSEDED);
    metricGroup.gauge(SinkMetrics.BUFFERED_DOCUMENTS, () -> bufferedDocuments);
  }

  @Override
  public void write(DocumentWrite element, Context context) {
    checkWrite(element);
    // With object reuse the caller may change the element after we return; we keep it longer.
    DocumentWrite write = objectReuse ? element.copy() : element;
    writesSuperseded.inc(buffer.add(write));
    bufferedDocuments = buffer.size();
  }

  /** Nothing to send: everything buffered goes out through {@link #prepareCommit()}. */
  @Override
  public void flush(boolean endOfInput) {}

  /**
   * Called by Flink when a checkpoint starts and at the end of input: the writes since the last
   * checkpoint, as at most one batch (the committer splits it into bulk requests).
   */
  @Override
  public Collection<WriteBatch> prepareCommit() {
    if (buffer.isEmpty()) {
      return List.of();
    }
    WriteBatch batch = new WriteBatch(buffer.drain());
    bufferedDocuments = 0;
    return List.of(batch);
  }

  /**
   * Writes still buffered are not lost: they came after the last checkpoint, so a restart replays
   * the input that produced them.
   */
  @Override
  public void close() {}

  private static void checkWrite(DocumentWrite write) {
    if (write == null) {
      throw new IllegalArgumentException("DocumentWrite must not be null");
    }
    if (write.index == null || write.index.isEmpty()) {
      throw new IllegalArgumentException("DocumentWrite without index: " + write);
    }
    if (write.id == null || write.id.isEmpty()) {
      throw new IllegalArgumentException("DocumentWrite without id: " + write);
    }
    if (write.isByQuery() && write.source == null) {
      throw new IllegalArgumentException("By-query operation without a request body: " + write);
    }
    if (write.version < 0) {
      // Elasticsearch's external versions are non-negative.
      throw new IllegalArgumentException("DocumentWrite with a negative version: " + write);
    }
  }

  /** What the {@code bufferedDocuments} gauge shows. */
  int bufferedDocuments() {
    return bufferedDocuments;
  }

  /** For tests. */
  long writesSuperseded() {
    return writesSuperseded.getCount();
  }
}
