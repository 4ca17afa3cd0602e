package io.communitypulse.sink;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The sink's Flink metrics. The writer registers {@code writesSuperseded} and the gauge {@code
 * bufferedDocuments} on its operator ({@code Writer}); the committer registers the others on its
 * operator ({@code Committer}). Every write that reaches the writer ends in exactly one of {@code
 * writesSuperseded}, {@code documentsWritten}, {@code staleWritesSkipped}, {@code
 * documentsRejected}, {@code byQueryOperations} and {@code byQueryFailures}, so the six add up to
 * the input count (a batch committed again after a restore counts again, mostly as stale writes and
 * by-query operations that find nothing left to change).
 */
public final class SinkMetrics {

  /** Writes Elasticsearch acknowledged (index or delete). */
  public static final String DOCUMENTS_WRITTEN = "documentsWritten";

  /** Bulk requests sent, retries included. */
  public static final String BULK_REQUESTS = "bulkRequests";

  /** Writes (and by-query operations) sent again after a 408, 429, 5xx or a failed request. */
  public static final String RETRIES = "retries";

  /** Writes Elasticsearch answered with 409: it already held a newer version. */
  public static final String STALE_WRITES_SKIPPED = "staleWritesSkipped";

  /** Writes Elasticsearch refused for their content, handed to the rejected-document handler. */
  public static final String DOCUMENTS_REJECTED = "documentsRejected";

  /**
   * Writes replaced in the writer by a newer state of the same document, or by-query operations
   * replaced by an identical later one; never sent.
   */
  public static final String WRITES_SUPERSEDED = "writesSuperseded";

  /** By-query operations completed (each may change any number of documents). */
  public static final String BY_QUERY_OPERATIONS = "byQueryOperations";

  /**
   * By-query operations given up: a malformed body, an unknown transform, a query Elasticsearch
   * refuses, or a document failing for a reason no retry fixes. Each is logged at ERROR.
   */
  public static final String BY_QUERY_FAILURES = "byQueryFailures";

  /**
   * Documents deleted by by-query operations: every match of a delete by query, and the matches an
   * update by query's transform turned into null.
   */
  public static final String DOCUMENTS_DELETED_BY_QUERY = "documentsDeletedByQuery";

  /** Documents rewritten by update-by-query operations (their transform changed them). */
  public static final String DOCUMENTS_UPDATED_BY_QUERY = "documentsUpdatedByQuery";

  /** Gauge: documents and by-query operations waiting in the writer for the next checkpoint. */
  public static final String BUFFERED_DOCUMENTS = "bufferedDocuments";

  final Counter documentsWritten;
  final Counter bulkRequests;
  final Counter retries;
  final Counter staleWritesSkipped;
  final Counter documentsRejected;
  final Counter byQueryOperations;
  final Counter byQueryFailures;
  final Counter documentsDeletedByQuery;
  final Counter documentsUpdatedByQuery;

  /** The committer's counters, on its metric group. */
  SinkMetrics(MetricGroup group) {
    this.documentsWritten = group.counter(DOCUMENTS_WRITTEN);
    this.bulkRequests = group.counter(BULK_REQUESTS);
    this.retries = group.counter(RETRIES);
    this.staleWritesSkipped = group.counter(STALE_WRITES_SKIPPED);
    this.documentsRejected = group.counter(DOCUMENTS_REJECTED);
    this.byQueryOperations = group.counter(BY_QUERY_OPERATIONS);
    this.byQueryFailures = group.counter(BY_QUERY_FAILURES);
    this.documentsDeletedByQuery = group.counter(DOCUMENTS_DELETED_BY_QUERY);
    this.documentsUpdatedByQuery = group.counter(DOCUMENTS_UPDATED_BY_QUERY);
  }
}
