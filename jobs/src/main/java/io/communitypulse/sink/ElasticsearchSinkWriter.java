package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers {@link DocumentWrite}s, one per document, and sends them as bulk requests when the buffer
 * holds enough documents or bytes, when the flush interval passes, and at every checkpoint.
 *
 * <p>Everything runs on the task thread (the flush timer comes through Flink's processing-time
 * service, which runs callbacks in the task's mailbox), so there are no locks and no threads of its
 * own. Every bulk item is inspected: written and stale (409) items are done, refused items go to
 * the {@link RejectedDocumentHandler}, and retryable ones go back into the buffer, where a newer
 * state of the same document replaces them. After retryable failures the writer sleeps an
 * exponential back-off on the task thread, which back-pressures the job instead of buffering
 * without bound. {@link #flush} sends until the buffer is empty, so a checkpoint completes only
 * when Elasticsearch holds every write before it (at-least-once; idempotent, versioned writes make
 * it exactly-once in effect).
 */
final class ElasticsearchSinkWriter implements SinkWriter<DocumentWrite> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);

  private final BulkSettings settings;
  private final BulkSender sender;
  private final Closeable transport;
  private final RejectedDocumentHandler rejectedHandler;
  private final ProcessingTimeService timeService;
  private final boolean objectReuse;
  private final Sleeper sleeper;
  private final WriteBuffer buffer = new WriteBuffer();
  private final RetryBackoff backoff;
  private final SinkMetrics metrics;

  // Read by the metric reporter thread.
  private volatile int bufferedDocuments;
  private ScheduledFuture<?> flushTimer;
  private boolean closed;

  ElasticsearchSinkWriter(
      BulkSettings settings,
      BulkSender sender,
      Closeable transport,
      RejectedDocumentHandler rejectedHandler,
      ProcessingTimeService timeService,
      SinkWriterMetricGroup metricGroup,
      boolean objectReuse,
      Sleeper sleeper) {
    this.settings = settings;
    this.sender = sender;
    this.transport = transport;
    this.rejectedHandler = rejectedHandler;
    this.timeService = timeService;
    this.objectReuse = objectReuse;
    this.sleeper = sleeper;
    this.backoff = new RetryBackoff(settings.initialRetryBackoff(), settings.maxRetryBackoff());
    this.metrics = new SinkMetrics(metricGroup, () -> bufferedDocuments);
  }

  @Override
  public void write(DocumentWrite element, Context context)
      throws IOException, InterruptedException {
    checkWrite(element);
    // With object reuse the caller may change the element after we return; we keep it longer.
    DocumentWrite write =
        objectReuse
            ? DocumentWrite.upsert(
                element.index, element.id, element.version, element.source, element.communityId)
            : element;
    metrics.writesSuperseded.inc(buffer.add(write));
    bufferedDocuments = buffer.size();
    if (buffer.size() >= settings.maxBufferedDocuments()
        || buffer.bytes() >= settings.maxBufferedBytes()) {
      sendBuffered();
    }
    scheduleFlushIfNeeded();
  }

  /** Called by Flink before every checkpoint and at the end of input: sends until all is acked. */
  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    while (!buffer.isEmpty()) {
      sendBuffered();
    }
    rejectedHandler.flush();
  }

  private void onFlushTimer(long timestamp) throws IOException, InterruptedException {
    flushTimer = null;
    if (!closed && !buffer.isEmpty()) {
      sendBuffered();
    }
    scheduleFlushIfNeeded();
  }

  private void scheduleFlushIfNeeded() {
    if (flushTimer == null && !closed && !buffer.isEmpty()) {
      long due = timeService.getCurrentProcessingTime() + settings.flushInterval().toMillis();
      flushTimer = timeService.registerTimer(due, this::onFlushTimer);
    }
  }

  /** One bulk request of everything buffered; retryable failures are back in the buffer after. */
  private void sendBuffered() throws IOException, InterruptedException {
    List<DocumentWrite> batch = buffer.drain();
    bufferedDocuments = 0;
    List<BulkOperation> operations = new ArrayList<>(batch.size());
    for (DocumentWrite write : batch) {
      operations.add(BulkOperationConverter.toOperation(write));
    }
    BulkRequest request =
        BulkRequest.of(r -> r.operations(operations).requireAlias(settings.requireAlias()));
    metrics.bulkRequests.inc();
    long started = System.nanoTime();
    BulkResponse response;
    try {
      response = sender.bulk(request);
    } catch (IOException | ElasticsearchException e) {
      handleFailedRequest(batch, e);
      return;
    }
    LOG.debug(
        "Bulk request of {} documents answered in {} ms (Elasticsearch took {} ms)",
        batch.size(),
        (System.nanoTime() - started) / 1_000_000,
        response.took());
    handleResponse(batch, response);
  }

  private void handleFailedRequest(List<DocumentWrite> batch, Exception failure)
      throws IOException, InterruptedException {
    String what = describe(failure);
    if (!BulkItemClassifier.isRetryable(failure)) {
      throw new IOException(
          "Elasticsearch refused a bulk request of "
              + batch.size()
              + " documents as a whole ("
              + what
              + "); check the sink's hosts and credentials",
          failure);
    }
    for (DocumentWrite write : batch) {
      metrics.writesSuperseded.inc(buffer.addRetry(write));
    }
    bufferedDocuments = buffer.size();
    metrics.retries.inc(batch.size());
    Duration delay = backoff.nextDelay();
    LOG.warn(
        "Bulk request of {} documents failed as a whole ({}); retrying in {} ms (attempt {})",
        batch.size(),
        what,
        delay.toMillis(),
        backoff.attempts());
    LOG.debug("Bulk request failure", failure);
    sleeper.sleep(delay);
  }

  private void handleResponse(List<DocumentWrite> batch, BulkResponse response)
      throws IOException, InterruptedException {
    List<BulkResponseItem> items = response.items();
    if (items.size() != batch.size()) {
      throw new IOException(
          "Elasticsearch answered " + items.size() + " items to a bulk of " + batch.size());
    }
    int written = 0;
    int stale = 0;
    int retry = 0;
    int rejected = 0;
    BulkResponseItem firstFailure = null;
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      DocumentWrite write = batch.get(i);
      switch (BulkItemClassifier.classify(item)) {
        case WRITTEN -> written++;
        case STALE -> stale++;
        case RETRY -> {
          retry++;
          metrics.writesSuperseded.inc(buffer.addRetry(write));
        }
        case REJECTED -> {
          rejected++;
          ErrorCause error = item.error();
          rejectedHandler.rejected(write, error.type(), error.reason());
        }
        case MISSING_INDEX ->
            throw new IOException(
                "Elasticsearch has no alias '"
                    + write.index
                    + "' ("
                    + item.error().type()
                    + "): create the indices first (ElasticsearchSetup.ensureIndices)");
      }
      if (item.error() != null && item.status() != 409) {
        if (firstFailure == null) {
          firstFailure = item;
        }
        LOG.debug(
            "Bulk item {}/{} failed: status {} {}",
            write.index,
            write.id,
            item.status(),
            item.error().type());
      }
    }
    bufferedDocuments = buffer.size();
    metrics.written(written);
    metrics.staleWritesSkipped.inc(stale);
    metrics.rejected(rejected);
    metrics.retries.inc(retry);
    if (firstFailure != null) {
      LOG.warn(
          "Bulk request of {} documents: {} written, {} stale, {} to retry, {} rejected;"
              + " first failure: status {} {}: {}",
          batch.size(),
          written,
          stale,
          retry,
          rejected,
          firstFailure.status(),
          firstFailure.error().type(),
          redact(firstFailure.error().reason()));
    }
    if (retry > 0) {
      sleeper.sleep(backoff.nextDelay());
    } else {
      backoff.reset();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (flushTimer != null) {
      flushTimer.cancel(false);
      flushTimer = null;
    }
    if (!buffer.isEmpty()) {
      // Not lost: the last checkpoint flushed everything before it; a restart replays the rest.
      LOG.info(
          "Closing with {} unsent writes; they replay from the last checkpoint", buffer.size());
    }
    try {
      rejectedHandler.close();
    } finally {
      transport.close();
    }
  }

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
    if (write.version < 0) {
      // Elasticsearch's external versions are non-negative.
      throw new IllegalArgumentException("DocumentWrite with a negative version: " + write);
    }
  }

  private static String describe(Exception failure) {
    String status =
        failure instanceof ElasticsearchException e
            ? "status " + e.status() + ", "
            : failure instanceof TransportException e ? "status " + e.statusCode() + ", " : "";
    return status + failure.getClass().getSimpleName() + ": " + redact(failure.getMessage());
  }

  private static String redact(String message) {
    return BulkItemClassifier.redact(message);
  }

  /** For tests. */
  SinkMetrics metrics() {
    return metrics;
  }

  /** What the {@code bufferedDocuments} gauge shows. */
  int bufferedDocuments() {
    return bufferedDocuments;
  }
}
