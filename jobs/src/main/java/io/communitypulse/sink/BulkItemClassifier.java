package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;

/**
 * Decides what each bulk item's answer means for the write behind it, and whether a failed bulk
 * request as a whole is worth retrying.
 *
 * <ul>
 *   <li>no error (including a delete that found nothing): written;
 *   <li>409: Elasticsearch already holds a newer external version, so this state is stale and the
 *       desired outcome already holds: skipped, counted as success;
 *   <li>408, 429 and 5xx: Elasticsearch could not take it now: retried with back-off;
 *   <li>{@code index_not_found_exception}: the alias does not exist (the index setup did not run):
 *       a configuration error that fails the job rather than dead-lettering every document;
 *   <li>any other 4xx: Elasticsearch refuses the document for its content: rejected, handed to the
 *       {@link RejectedDocumentHandler}.
 * </ul>
 */
final class BulkItemClassifier {

  /** What happened to one write. */
  enum Outcome {
    WRITTEN,
    STALE,
    RETRY,
    REJECTED,
    MISSING_INDEX
  }

  // Elasticsearch quotes the offending value in mapping errors; it is document content.
  private static final String VALUE_PREVIEW = "Preview of field's value";
  private static final int MAX_REASON_CHARS = 300;

  private BulkItemClassifier() {}

  static Outcome classify(BulkResponseItem item) {
    ErrorCause error = item.error();
    if (error == null) {
      return Outcome.WRITTEN;
    }
    int status = item.status();
    if (status == 409) {
      return Outcome.STALE;
    }
    if (isRetryableStatus(status)) {
      return Outcome.RETRY;
    }
    if ("index_not_found_exception".equals(error.type())) {
      return Outcome.MISSING_INDEX;
    }
    return Outcome.REJECTED;
  }

  /**
   * True when a bulk request failed as a whole for a reason that may pass: I/O errors (connection
   * refused or reset, timeouts) and 408, 429 and 5xx answers. Other answers (401, 403, 413, ...)
   * are configuration errors no retry can fix.
   */
  static boolean isRetryable(Exception requestFailure) {
    if (requestFailure instanceof ElasticsearchException e) {
      return isRetryableStatus(e.status());
    }
    if (requestFailure instanceof TransportException e) {
      return isRetryableStatus(e.statusCode());
    }
    return requestFailure instanceof IOException;
  }

  static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Elasticsearch's reason without any quoted document content, short enough for one log line. */
  static String redact(String reason) {
    if (reason == null) {
      return "";
    }
    String safe = reason;
    int preview = safe.indexOf(VALUE_PREVIEW);
    if (preview >= 0) {
      safe = safe.substring(0, preview).trim() + " (value withheld)";
    }
    return safe.length() > MAX_REASON_CHARS ? safe.substring(0, MAX_REASON_CHARS) + "…" : safe;
  }
}
