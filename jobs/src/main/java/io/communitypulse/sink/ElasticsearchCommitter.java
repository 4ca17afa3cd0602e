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
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link WriteBatch}es of completed checkpoints to Elasticsearch, so Elasticsearch only
 * ever shows states that a restore cannot take back.
 *
 * <p>Flink calls {@link #commit} on the task thread after a checkpoint completes, and again after a
 * restore for batches whose commit it never saw confirmed. Re-writing a batch is harmless: every
 * write carries its external version, so what Elasticsearch already holds comes back as 409 and
 * counts as a stale write. A batch goes out in bulk requests of at most {@code maxBulkActions}
 * writes and about {@code maxBulkBytes}. Every bulk item is inspected: written and stale items are
 * done, refused items go to the {@link RejectedDocumentHandler}, retryable ones (408, 429, 5xx, a
 * failed request) are sent again after an exponential back-off. The back-off blocks the task
 * thread, which back-pressures the job instead of piling up batches; a commit returns only when
 * every write is done, so the batch is never reported failed to Flink.
 */
final class ElasticsearchCommitter implements Committer<WriteBatch> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchCommitter.class);

  private final BulkSettings settings;
  private final BulkSender sender;
  private final Closeable transport;
  private final RejectedDocumentHandler rejectedHandler;
  private final Sleeper sleeper;
  private final RetryBackoff backoff;
  private final SinkMetrics metrics;

  ElasticsearchCommitter(
      BulkSettings settings,
      BulkSender sender,
      Closeable transport,
      RejectedDocumentHandler rejectedHandler,
      SinkMetrics metrics,
      Sleeper sleeper) {
    this.settings = settings;
    this.sender = sender;
    this.transport = transport;
    this.rejectedHandler = rejectedHandler;
    this.metrics = metrics;
    this.sleeper = sleeper;
    this.backoff = new RetryBackoff(settings.initialRetryBackoff(), settings.maxRetryBackoff());
  }

  @Override
  public void commit(Collection<CommitRequest<WriteBatch>> requests)
      throws IOException, InterruptedException {
    for (CommitRequest<WriteBatch> request : requests) {
      write(request.getCommittable().writes());
    }
    // Dead letters must be durable before Flink forgets the batches; a failure here fails the
    // job, and the restore writes the batches again (the dead letters are then at-least-once).
    rejectedHandler.flush();
  }

  /** Sends until every write is written, stale or rejected. */
  private void write(List<DocumentWrite> writes) throws IOException, InterruptedException {
    List<DocumentWrite> pending = writes;
    while (!pending.isEmpty()) {
      List<DocumentWrite> retry = new ArrayList<>();
      for (List<DocumentWrite> bulk : split(pending)) {
        retry.addAll(send(bulk));
      }
      if (retry.isEmpty()) {
        backoff.reset();
      } else {
        metrics.retries.inc(retry.size());
        Duration delay = backoff.nextDelay();
        LOG.warn(
            "{} writes to retry in {} ms (attempt {})",
            retry.size(),
            delay.toMillis(),
            backoff.attempts());
        sleeper.sleep(delay);
      }
      pending = retry;
    }
  }

  /** Consecutive runs of writes within the bulk limits; a single oversized write goes alone. */
  private List<List<DocumentWrite>> split(List<DocumentWrite> writes) {
    List<List<DocumentWrite>> bulks = new ArrayList<>();
    List<DocumentWrite> bulk = new ArrayList<>();
    long bytes = 0;
    for (DocumentWrite write : writes) {
      long size = BulkOperationConverter.estimatedBytes(write);
      if (!bulk.isEmpty()
          && (bulk.size() >= settings.maxBulkActions() || bytes + size > settings.maxBulkBytes())) {
        bulks.add(bulk);
        bulk = new ArrayList<>();
        bytes = 0;
      }
      bulk.add(write);
      bytes += size;
    }
    if (!bulk.isEmpty()) {
      bulks.add(bulk);
    }
    return bulks;
  }

  /** One bulk request; returns the writes to retry. */
  private List<DocumentWrite> send(List<DocumentWrite> bulk)
      throws IOException, InterruptedException {
    List<BulkOperation> operations = new ArrayList<>(bulk.size());
    for (DocumentWrite write : bulk) {
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
      return failedRequest(bulk, e);
    }
    LOG.debug(
        "Bulk request of {} documents answered in {} ms (Elasticsearch took {} ms)",
        bulk.size(),
        (System.nanoTime() - started) / 1_000_000,
        response.took());
    return handleResponse(bulk, response);
  }

  private List<DocumentWrite> failedRequest(List<DocumentWrite> bulk, Exception failure)
      throws IOException {
    String what = describe(failure);
    if (!BulkItemClassifier.isRetryable(failure)) {
      throw new IOException(
          "Elasticsearch refused a bulk request of "
              + bulk.size()
              + " documents as a whole ("
              + what
              + "); check the sink's hosts and credentials",
          failure);
    }
    LOG.warn("Bulk request of {} documents failed as a whole ({})", bulk.size(), what);
    LOG.debug("Bulk request failure", failure);
    return bulk;
  }

  private List<DocumentWrite> handleResponse(List<DocumentWrite> bulk, BulkResponse response)
      throws IOException {
    List<BulkResponseItem> items = response.items();
    if (items.size() != bulk.size()) {
      throw new IOException(
          "Elasticsearch answered " + items.size() + " items to a bulk of " + bulk.size());
    }
    int written = 0;
    int stale = 0;
    int rejected = 0;
    List<DocumentWrite> retry = new ArrayList<>();
    BulkResponseItem firstFailure = null;
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      DocumentWrite write = bulk.get(i);
      switch (BulkItemClassifier.classify(item)) {
        case WRITTEN -> written++;
        case STALE -> stale++;
        case RETRY -> retry.add(write);
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
    metrics.documentsWritten.inc(written);
    metrics.staleWritesSkipped.inc(stale);
    metrics.documentsRejected.inc(rejected);
    if (firstFailure != null) {
      LOG.warn(
          "Bulk request of {} documents: {} written, {} stale, {} to retry, {} rejected;"
              + " first failure: status {} {}: {}",
          bulk.size(),
          written,
          stale,
          retry.size(),
          rejected,
          firstFailure.status(),
          firstFailure.error().type(),
          redact(firstFailure.error().reason()));
    }
    return retry;
  }

  @Override
  public void close() throws IOException {
    try {
      rejectedHandler.close();
    } finally {
      transport.close();
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
}
