package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
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
 * retried) first, then the index is refreshed, because a search sees only what the last refresh
 * made searchable and would miss the documents just written; only then does the operation run, and
 * the writes after it follow. It runs here, on the client side, with the requests every node
 * serves: a search per page of the documents its query matches (sparing the documents the batch
 * writes again after it), then bulk requests deleting them, or writing what the operation's {@link
 * DocumentTransform} made of them, each at the version it was read with (see {@link
 * ByQueryRequests}). A 409 there means a newer write got there first: it is left alone and counted
 * as a version conflict. Requests are retried like bulk requests while the failure may pass; an
 * operation that cannot go on (a malformed body, an unknown transform, a query Elasticsearch
 * refuses, a document refused for good) is logged at ERROR and counted in {@code byQueryFailures},
 * and the batch goes on: failing the job would only fail the same way again after every restore.
 * Committing a batch again after a restore ends in the same state: a delete finds nothing left, an
 * idempotent transform changes nothing, and the documents written after the operation are spared
 * (docs/semantics.md says when they are not). Logs name an operation by its kind, index and a hash
 * of its label, never the label, which may name a member.
 */
final class ElasticsearchCommitter implements Committer<WriteBatch> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchCommitter.class);

  /** The most documents a by-query operation reads per page (fewer if maxBulkActions is lower). */
  static final int BY_QUERY_PAGE_SIZE = 500;

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
      for (List<DocumentWrite> bulk : split(pending, BulkOperationConverter::estimatedBytes)) {
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

  /** Consecutive runs of items within the bulk limits; a single oversized item goes alone. */
  private <T> List<List<T>> split(List<T> items, ToLongFunction<T> estimatedBytes) {
    List<List<T>> bulks = new ArrayList<>();
    List<T> bulk = new ArrayList<>();
    long bytes = 0;
    for (T item : items) {
      long size = estimatedBytes.applyAsLong(item);
      if (!bulk.isEmpty()
          && (bulk.size() >= settings.maxBulkActions() || bytes + size > settings.maxBulkBytes())) {
        bulks.add(bulk);
        bulk = new ArrayList<>();
        bytes = 0;
      }
      bulk.add(item);
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
   * Refreshes the operation's index, so its query sees every write before it, then pages through
   * the documents it matches (see {@link ByQueryRequests}) and deletes or rewrites them, a page at
   * a time (one bulk request, more if the page exceeds maxBulkBytes). Each request is retried with
   * back-off while its failure may pass; an operation that cannot go on is given up.
   */
  private void runByQuery(DocumentWrite op, Set<String> rewrittenLater)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    ByQueryRun run = new ByQueryRun(op);
    try {
      ByQueryRequests requests = ByQueryRequests.parse(op, rewrittenLater, transforms);
      retrying(op, () -> elasticsearch.refresh(RefreshRequest.of(r -> r.index(op.index))));
      int pageSize = Math.min(BY_QUERY_PAGE_SIZE, settings.maxBulkActions());
      List<FieldValue> after = List.of();
      while (true) {
        SearchRequest search = requests.page(after, pageSize);
        List<Hit<ObjectNode>> hits = retrying(op, () -> complete(elasticsearch.search(search)));
        run.pages++;
        List<ByQueryRequests.Action> actions = new ArrayList<>(hits.size());
        for (Hit<ObjectNode> hit : hits) {
          ByQueryRequests.Action action = requests.action(hit);
          if (action == null) {
            run.unchanged++;
          } else {
            actions.add(action);
          }
        }
        apply(run, actions);
        if (hits.size() < pageSize) {
          break;
        }
        after = requests.after(hits.get(hits.size() - 1));
      }
    } catch (GivenUp e) {
      giveUp(run, e.getMessage(), e.getCause());
      return;
    } catch (IllegalArgumentException e) {
      giveUp(run, e.getMessage(), e);
      return;
    }
    metrics.byQueryOperations.inc();
    // An operation that changed nothing (most retention sweeps) is routine: debug only.
    if (run.deleted + run.updated + run.conflicts > 0) {
      LOG.info("{}: {} in {} ms", op, run.summary(), (System.nanoTime() - started) / 1_000_000);
    } else {
      LOG.debug("{}: {} in {} ms", op, run.summary(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Sends a page's actions, in bulk requests within the limits, until each one is done, refused
   * with 409 (a newer write got there first: counted as a version conflict and left alone) or
   * failed for good (the operation is then given up).
   */
  private void apply(ByQueryRun run, List<ByQueryRequests.Action> actions)
      throws IOException, InterruptedException, GivenUp {
    List<ByQueryRequests.Action> pending = actions;
    while (!pending.isEmpty()) {
      List<ByQueryRequests.Action> retry = new ArrayList<>();
      String firstRetryable = null;
      String failure = null;
      for (List<ByQueryRequests.Action> bulk : split(pending, ByQueryRequests.Action::bytes)) {
        List<BulkOperation> operations =
            bulk.stream().map(ByQueryRequests.Action::operation).toList();
        // No require_alias: the actions name the concrete index each document was found in.
        BulkRequest request = BulkRequest.of(r -> r.operations(operations));
        BulkResponse response =
            retrying(
                run.op,
                () -> {
                  metrics.bulkRequests.inc();
                  return elasticsearch.bulk(request);
                });
        List<BulkResponseItem> items = response.items();
        if (items.size() != bulk.size()) {
          throw new IOException(
              "Elasticsearch answered " + items.size() + " items to a bulk of " + bulk.size());
        }
        for (int i = 0; i < items.size(); i++) {
          BulkResponseItem item = items.get(i);
          ByQueryRequests.Action action = bulk.get(i);
          ErrorCause error = item.error();
          if (error == null) {
            run.done(action, item);
          } else if (item.status() == 409) {
            run.conflicts++;
          } else if (BulkItemClassifier.isRetryableStatus(item.status())) {
            retry.add(action);
            firstRetryable = firstRetryable != null ? firstRetryable : describe(item);
          } else if ("index_not_found_exception".equals(error.type())) {
            throw missingAlias(action.index(), error.type());
          } else {
            failure = failure != null ? failure : describe(item);
          }
        }
      }
      if (failure != null) {
        throw new GivenUp("a document failed for good: " + failure, null);
      }
      if (!retry.isEmpty()) {
        retryByQuery(
            run.op, retry.size(), retry.size() + " documents failed, first: " + firstRetryable);
      } else {
        backoff.reset();
      }
      pending = retry;
    }
  }

  /**
   * The hits of a page, or an {@link IOException} (retried) when some shard did not answer in time:
   * a page missing a shard's documents would skip them for good.
   */
  private static List<Hit<ObjectNode>> complete(SearchResponse<ObjectNode> page)
      throws IOException {
    Number failedShards = page.shards() == null ? null : page.shards().failed();
    if (page.timedOut() || (failedShards != null && failedShards.intValue() > 0)) {
      throw new IOException(
          "the search answered a partial page ("
              + (page.timedOut() ? "timed out" : failedShards + " shards failed")
              + ")");
    }
    return page.hits().hits();
  }

  /**
   * Runs one request of a by-query operation until Elasticsearch answers it, backing off while the
   * failure may pass.
   *
   * @throws IOException when the operation's alias does not exist (fails the job, like a write to
   *     it)
   * @throws GivenUp when the failure will not pass
   */
  private <T> T retrying(DocumentWrite op, ByQueryCall<T> call)
      throws IOException, InterruptedException, GivenUp {
    while (true) {
      try {
        T answer = call.run();
        backoff.reset();
        return answer;
      } catch (IOException | ElasticsearchException e) {
        if (e instanceof ElasticsearchException refused
            && "index_not_found_exception".equals(refused.error().type())) {
          throw missingAlias(op.index, refused.error().type());
        }
        if (!BulkItemClassifier.isRetryable(e)) {
          throw new GivenUp(describe(e), e);
        }
        retryByQuery(op, 1, describe(e));
      } catch (RuntimeException e) {
        // An answer the client cannot read: retrying would most likely read it no better.
        throw new GivenUp(describe(e), e);
      }
    }
  }

  /** Counts {@code count} requests or documents to send again, and backs off. */
  private void retryByQuery(DocumentWrite op, int count, String what) throws InterruptedException {
    metrics.retries.inc(count);
    Duration delay = backoff.nextDelay();
    LOG.warn(
        "{} failed ({}); retrying in {} ms (attempt {})",
        op,
        what,
        delay.toMillis(),
        backoff.attempts());
    sleeper.sleep(delay);
  }

  private void giveUp(ByQueryRun run, String what, Throwable failure) {
    metrics.byQueryFailures.inc();
    LOG.error(
        "{} given up, not retried, after {}: {}. Documents it did not reach stay as they are;"
            + " fix the operation and emit it again",
        run.op,
        run.summary(),
        redact(what));
    if (failure != null) {
      LOG.debug("By-query failure", failure);
    }
  }

  private static String describe(BulkResponseItem item) {
    return "status "
        + item.status()
        + " "
        + item.error().type()
        + ": "
        + redact(item.error().reason());
  }

  /** One request of a by-query operation. */
  @FunctionalInterface
  private interface ByQueryCall<T> {
    T run() throws IOException;
  }

  /** A by-query operation that cannot go on; the message says why. */
  private static final class GivenUp extends Exception {
    GivenUp(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What one by-query operation has done so far, for its metrics and its log line. */
  private final class ByQueryRun {
    final DocumentWrite op;
    long deleted;
    long updated;
    long unchanged;
    long conflicts;
    int pages;

    ByQueryRun(DocumentWrite op) {
      this.op = op;
    }

    void done(ByQueryRequests.Action action, BulkResponseItem item) {
      if (!action.isDelete()) {
        updated++;
        metrics.documentsUpdatedByQuery.inc();
      } else if (!"not_found".equals(item.result())) {
        // not_found: deleted since the page was read (a refresh had not shown it yet).
        deleted++;
        metrics.documentsDeletedByQuery.inc();
      }
    }

    String summary() {
      return deleted
          + " documents deleted, "
          + updated
          + " updated, "
          + unchanged
          + " left unchanged, "
          + conflicts
          + " version conflicts skipped (newer writes), "
          + pages
          + " pages";
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
