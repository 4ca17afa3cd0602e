package io.communitypulse.sink;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The sink writer's Flink metrics, registered on its operator metric group. Every write that
 * reaches the writer ends in exactly one of {@code documentsWritten}, {@code staleWritesSkipped},
 * {@code writesSuperseded} and {@code documentsRejected}, so the four add up to the input count.
 */
public final class SinkMetrics {

  /** Writes Elasticsearch acknowledged (index or delete). */
  public static final String DOCUMENTS_WRITTEN = "documentsWritten";

  /** Bulk requests sent, retries included. */
  public static final String BULK_REQUESTS = "bulkRequests";

  /** Writes sent again after a 408, 429, 5xx or a failed request. */
  public static final String RETRIES = "retries";

  /** Writes Elasticsearch answered with 409: it already held a newer version. */
  public static final String STALE_WRITES_SKIPPED = "staleWritesSkipped";

  /** Writes Elasticsearch refused for their content, handed to the rejected-document handler. */
  public static final String DOCUMENTS_REJECTED = "documentsRejected";

  /** Writes replaced in the buffer by a newer state of the same document, never sent. */
  public static final String WRITES_SUPERSEDED = "writesSuperseded";

  /** Gauge: documents waiting in the buffer. */
  public static final String BUFFERED_DOCUMENTS = "bufferedDocuments";

  final Counter documentsWritten;
  final Counter bulkRequests;
  final Counter retries;
  final Counter staleWritesSkipped;
  final Counter documentsRejected;
  final Counter writesSuperseded;
  private final SinkWriterMetricGroup group;

  SinkMetrics(SinkWriterMetricGroup group, Gauge<Integer> bufferedDocuments) {
    this.group = group;
    this.documentsWritten = group.counter(DOCUMENTS_WRITTEN);
    this.bulkRequests = group.counter(BULK_REQUESTS);
    this.retries = group.counter(RETRIES);
    this.staleWritesSkipped = group.counter(STALE_WRITES_SKIPPED);
    this.documentsRejected = group.counter(DOCUMENTS_REJECTED);
    this.writesSuperseded = group.counter(WRITES_SUPERSEDED);
    group.gauge(BUFFERED_DOCUMENTS, bufferedDocuments);
  }

  /** Also feeds Flink's standard sink metrics, which the web UI shows. */
  void written(int count) {
    documentsWritten.inc(count);
    group.getNumRecordsSendCounter().inc(count);
  }

  void rejected(int count) {
    documentsRejected.inc(count);
    group.getNumRecordsOutErrorsCounter().inc(count);
  }
}
