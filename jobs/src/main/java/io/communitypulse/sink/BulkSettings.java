package io.communitypulse.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the committer sends and retries: the bulk request size limits, the back-off bounds, and
 * whether writes must target an alias. Validated by {@link ElasticsearchSink.Builder#build()}; the
 * defaults live here and nowhere else.
 */
record BulkSettings(
    int maxBulkActions,
    long maxBulkBytes,
    Duration initialRetryBackoff,
    Duration maxRetryBackoff,
    boolean requireAlias)
    implements Serializable {

  static final int DEFAULT_MAX_BULK_ACTIONS = 1000;
  static final long DEFAULT_MAX_BULK_BYTES = 5L * 1024 * 1024;
  static final Duration DEFAULT_INITIAL_RETRY_BACKOFF = Duration.ofMillis(100);
  static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

  static BulkSettings defaults() {
    return new BulkSettings(
        DEFAULT_MAX_BULK_ACTIONS,
        DEFAULT_MAX_BULK_BYTES,
        DEFAULT_INITIAL_RETRY_BACKOFF,
        DEFAULT_MAX_RETRY_BACKOFF,
        true);
  }
}
