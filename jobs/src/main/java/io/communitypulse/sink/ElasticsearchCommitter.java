package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.BulkIndexByScrollFailure;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.DeleteByQueryResponse;
import co.elastic.clients.elasticsearch.core.UpdateByQueryResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>A by-query operation in a batch is a barrier: the document writes before it are sent (and
 * retried) first, then the index is refreshed, because a by-query operation sees only what the last
 * refresh made searchable and would miss the documents just written; only then does the operation
 * run, sparing the documents the batch writes again after it (see {@link ByQueryRequests}), and the
 * writes after it follow. It is retried like a bulk request while the failure may pass; one
 * Elasticsearch refuses for good (a malformed query, a node without the reindex module) is logged
 * at ERROR and counted in {@code byQueryFailures}, and the batch goes on: failing the job would
 * only fail the same way again after every restore. Committing a batch again after a restore ends
 * in the same state: a delete finds nothing left, an idempotent update changes nothing, and the
 * documents written after the operation are spared (docs/semantics.md says when they are not).
 */
final class ElasticsearchCommitter implements Committer<WriteBatch> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchCommitter.class);

  private final BulkSettings settings;
  private final Map<String, DocumentTransform> transforms;
  private final ElasticsearchOperations elasticsearch;
  private final RejectedDocumentHandler rejectedHandler;
  private final Sleeper sleeper;
  private final RetryBackoff backoff;
  private final SinkMetrics metrics;

  ElasticsearchCommitter(
      BulkSettings settings,
      ElasticsearchOperations elasticsearch,
      RejectedDocumentHandler rejectedHandler,
      SinkMetrics metrics,
      Sleeper sleeper,
      Map<String, DocumentTransform> transforms) {
    this.settings = settings;
    this.transforms = Map.copyOf(transforms);
    this.elasticsearch = elasticsearch;
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

  /** Applies the writes in order, each by-query operation once every write before it is done. */
  private void write(List<DocumentWrite> writes) throws IOException, InterruptedException {
    int documents = 0;
    for (int i = 0; i < writes.size(); i++) {
      DocumentWrite write = writes.get(i);
      if (write.isByQuery()) {
        writeDocuments(writes.subList(documents, i));
        runByQuery(write, rewrittenAfter(writes, i));
        documents = i + 1;
      }
    }
    writeDocuments(writes.subList(documents, writes.size()));
  }

  /** The ids of the documents in the operation's index that the batch writes after it. */
  private static Set<String> rewrittenAfter(List<DocumentWrite> writes, int operation) {
    String index = writes.get(operation).index;
    Set<String> ids = new LinkedHashSet<>();
    for (DocumentWrite later : writes.subList(operation + 1, writes.size())) {
      if (!later.isByQuery() && later.index.equals(index)) {
        ids.add(later.id);
      }
    }
    return ids;
  }

  /** Sends until every document write is written, stale or rejected. */
  private void writeDocuments(List<DocumentWrite> writes) throws IOException, InterruptedException {
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
      response = elasticsearch.bulk(request);
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
        case MISSING_INDEX -> throw missingAlias(write.index, item.error().type());
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

  /**
   * Refreshes the operation's index, so its query sees every write before it, and runs it; retries
   * both with back-off while the failure may pass.
   */
  private void runByQuery(DocumentWrite op, Set<String> rewrittenLater)
      throws IOException, InterruptedException {
    ByQueryCall call;
    try {
      call = call(op, rewrittenLater);
    } catch (IllegalArgumentException e) {
      giveUp(op, e.getMessage(), e);
      return;
    }
    while (true) {
      ByQueryResult result;
      long started = System.nanoTime();
      try {
        elasticsearch.refresh(RefreshRequest.of(r -> r.index(op.index)));
        result = call.run();
      } catch (IOException | ElasticsearchException e) {
        if (e instanceof ElasticsearchException refused
            && "index_not_found_exception".equals(refused.error().type())) {
          throw missingAlias(op.index, refused.error().type());
        }
        if (!BulkItemClassifier.isRetryable(e)) {
          giveUp(op, describe(e), e);
          return;
        }
        retryByQuery(op, describe(e));
        continue;
      } catch (RuntimeException e) {
        // An answer the client cannot read: retrying would most likely read it no better.
        giveUp(op, describe(e), e);
        return;
      }
      if (op.kind() == DocumentWrite.Kind.DELETE_BY_QUERY) {
        metrics.documentsDeletedByQuery.inc(result.changed());
      } else {
        metrics.documentsUpdatedByQuery.inc(result.changed());
      }
      BulkIndexByScrollFailure failure =
          result.failures().isEmpty() ? null : result.failures().get(0);
      if (failure == null && !result.timedOut()) {
        metrics.byQueryOperations.inc();
        backoff.reset();
        LOG.info(
            "{}: {} documents changed, {} version conflicts skipped, in {} ms",
            op,
            result.changed(),
            result.versionConflicts(),
            (System.nanoTime() - started) / 1_000_000);
        return;
      }
      String what =
          failure == null
              ? "timed out after changing " + result.changed() + " documents"
              : result.failures().size()
                  + " documents failed, first: status "
                  + failure.status()
                  + " "
                  + failure.cause().type()
                  + ": "
                  + redact(failure.cause().reason());
      boolean retryable =
          result.timedOut()
              || result.failures().stream()
                  .anyMatch(f -> BulkItemClassifier.isRetryableStatus(f.status()));
      if (!retryable) {
        giveUp(op, what, null);
        return;
      }
      retryByQuery(op, what);
    }
  }

  private void retryByQuery(DocumentWrite op, String what) throws InterruptedException {
    metrics.retries.inc();
    Duration delay = backoff.nextDelay();
    LOG.warn(
        "{} failed ({}); retrying in {} ms (attempt {})",
        op,
        what,
        delay.toMillis(),
        backoff.attempts());
    sleeper.sleep(delay);
  }

  private void giveUp(DocumentWrite op, String what, Exception failure) {
    metrics.byQueryFailures.inc();
    LOG.error(
        "{} given up, not retried: {}. Documents it did not reach stay as they are;"
            + " fix the operation and emit it again",
        op,
        redact(what));
    if (failure != null) {
      LOG.debug("By-query failure", failure);
    }
  }

  private ByQueryCall call(DocumentWrite op, Set<String> rewrittenLater) {
    if (op.kind() == DocumentWrite.Kind.DELETE_BY_QUERY) {
      var request = ByQueryRequests.deleteByQuery(op, rewrittenLater);
      return () -> ByQueryResult.of(elasticsearch.deleteByQuery(request));
    }
    var request = ByQueryRequests.updateByQuery(op, rewrittenLater);
    return () -> ByQueryResult.of(elasticsearch.updateByQuery(request));
  }

  /** One attempt at a by-query request. */
  @FunctionalInterface
  private interface ByQueryCall {
    ByQueryResult run() throws IOException;
  }

  /** What the delete and update responses have in common, as far as the committer cares. */
  private record ByQueryResult(
      long changed,
      long versionConflicts,
      boolean timedOut,
      List<BulkIndexByScrollFailure> failures) {

    static ByQueryResult of(DeleteByQueryResponse response) {
      return new ByQueryResult(
          orZero(response.deleted()),
          orZero(response.versionConflicts()),
          Boolean.TRUE.equals(response.timedOut()),
          response.failures());
    }

    static ByQueryResult of(UpdateByQueryResponse response) {
      return new ByQueryResult(
          orZero(response.updated()),
          orZero(response.versionConflicts()),
          Boolean.TRUE.equals(response.timedOut()),
          response.failures());
    }

    private static long orZero(Long value) {
      return value == null ? 0 : value;
    }
  }

  private static IOException missingAlias(String index, String errorType) {
    return new IOException(
        "Elasticsearch has no alias '"
            + index
            + "' ("
            + errorType
            + "): create the indices first (ElasticsearchSetup.ensureIndices)");
  }

  @Override
  public void close() throws IOException {
    try {
      rejectedHandler.close();
    } finally {
      elasticsearch.close();
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
