package io.communitypulse.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the sink batches and retries: the bulk size limits, the longest a write waits in the buffer,
 * the back-off bounds, and whether writes must target an alias. Validated by {@link
 * ElasticsearchSink.Builder#build()}; the defaults live here and nowhere else.
 */
record BulkSettings(
    int maxBufferedDocuments,
    long maxBufferedBytes,
    Duration flushInterval,
    Duration initialRetryBackoff,
    Duration maxRetryBackoff,
    boolean requireAlias)
    implements Serializable {

  static final int DEFAULT_MAX_BUFFERED_DOCUMENTS = 1000;
  static final long DEFAULT_MAX_BUFFERED_BYTES = 5L * 1024 * 1024;
  static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  static final Duration DEFAULT_INITIAL_RETRY_BACKOFF = Duration.ofMillis(100);
  static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

  static BulkSettings defaults() {
    return new BulkSettings(
        DEFAULT_MAX_BUFFERED_DOCUMENTS,
        DEFAULT_MAX_BUFFERED_BYTES,
        DEFAULT_FLUSH_INTERVAL,
        DEFAULT_INITIAL_RETRY_BACKOFF,
        DEFAULT_MAX_RETRY_BACKOFF,
        true);
  }
}
