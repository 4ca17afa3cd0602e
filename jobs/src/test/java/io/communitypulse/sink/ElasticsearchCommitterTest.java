package io.communitypulse.sink;

import static io.communitypulse.sink.ElasticsearchSinkWriterTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.Conflicts;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.DeleteByQueryRequest;
import co.elastic.clients.elasticsearch.core.DeleteByQueryResponse;
import co.elastic.clients.elasticsearch.core.UpdateByQueryRequest;
import co.elastic.clients.elasticsearch.core.UpdateByQueryResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.elasticsearch.indices.RefreshResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer and committer together: nothing reaches Elasticsearch before Flink commits a
 * checkpoint's batch, and the committer's bulk splitting, by-query barriers and answer handling,
 * driven by answers built with the client's builders; no Elasticsearch, no sleeping.
 */
class ElasticsearchCommitterTest {

  private static final String INDEX = "pulse-sessions";
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

  private final ScriptedElasticsearch sender = new ScriptedElasticsearch();
  private final List<Duration> sleeps = new ArrayList<>();
  private final RecordingHandler handler = new RecordingHandler();
  private ElasticsearchCommitter committer = committer(settings(1000, 5L << 20));

  @AfterEach
  void closeCommitter() throws Exception {
    if (committer != null) {
      committer.close();
    }
  }

  @Test
  void nothingIsWrittenBeforeTheCheckpointCompletes() throws Exception {
    committer = committer(settings(2, 5L << 20));
    ElasticsearchSinkWriter writer =
        new ElasticsearchSinkWriter(UnregisteredMetricsGroup.createSinkWriterMetricGroup(), false);
    for (int i = 0; i < 10; i++) {
      writer.write(doc("s" + i, 1), null);
    }
    // What Flink does when a checkpoint starts: flush, then take the committables.
    writer.flush(false);
    Collection<WriteBatch> batches = writer.prepareCommit();
    assertThat(sender.requests).isEmpty();

    // ... and once the checkpoint has completed:
    committer.commit(requests(batches));

    assertThat(sender.requests).hasSize(5);
    assertThat(committer.metrics().documentsWritten.getCount()).isEqualTo(10);
  }

  @Test
  void everyOperationCarriesItsExternalVersion() throws Exception {
    commit(doc("s1", 42), DocumentWrite.delete(INDEX, "s2", 43, "c1"));

    List<BulkOperation> ops = sender.requests.get(0).operations();
    assertThat(ops.get(0).index().versionType()).isEqualTo(VersionType.External);
    assertThat(ops.get(0).index().version()).isEqualTo(42L);
    assertThat(ops.get(1).delete().versionType()).isEqualTo(VersionType.External);
    assertThat(ops.get(1).delete().version()).isEqualTo(43L);
    assertThat(sender.requests.get(0).requireAlias()).isTrue();
  }

  @Test
  void splitsALargeBatchByMaxActions() throws Exception {
    committer = committer(settings(2, 5L << 20));

    commit(doc("s1", 1), doc("s2", 1), doc("s3", 1));

    assertThat(operations(0)).containsExactly("index s1 v1", "index s2 v1");
    assertThat(operations(1)).containsExactly("index s3 v1");
  }

  @Test
  void splitsALargeBatchByMaxBytesAndSendsAnOversizedWriteAlone() throws Exception {
    // Each 400-byte write is about 512 bytes in the request.
    committer = committer(settings(1000, 1200));

    commit(
        DocumentWrite.upsert(INDEX, "s1", 1, new byte[400], "c1"),
        DocumentWrite.upsert(INDEX, "s2", 1, new byte[400], "c1"),
        DocumentWrite.upsert(INDEX, "big", 1, new byte[5000], "c1"),
        DocumentWrite.upsert(INDEX, "s3", 1, new byte[400], "c1"));

    assertThat(sender.requests).hasSize(3);
    assertThat(operations(0)).containsExactly("index s1 v1", "index s2 v1");
    assertThat(operations(1)).containsExactly("index big v1");
    assertThat(operations(2)).containsExactly("index s3 v1");
  }

  @Test
  void aBatchCommittedAgainAfterARestoreChangesNothing() throws Exception {
    WriteBatch batch = new WriteBatch(List.of(doc("s1", 5), doc("s2", 7)));
    committer.commit(requests(List.of(batch)));
    // Elasticsearch already holds these versions: it answers 409 to each.
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.versionConflict(INDEX, "s1"),
                    BulkAnswers.versionConflict(INDEX, "s2"))));
    Request again = new Request(batch);

    committer.commit(List.of(again));

    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsWritten.getCount()).isEqualTo(2);
    assertThat(metrics.staleWritesSkipped.getCount()).isEqualTo(2);
    assertThat(metrics.retries.getCount()).isZero();
    assertThat(handler.rejected).isEmpty();
    assertThat(sleeps).isEmpty();
    assertThat(again.signals).as("a stale write is done, not a failure").isEmpty();
  }

  @Test
  void inspectsEveryItemAndRetriesOnlyTheRetryableOnes() throws Exception {
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.ok(INDEX, "ok"),
                    BulkAnswers.versionConflict(INDEX, "stale"),
                    BulkAnswers.tooManyRequests(INDEX, "busy"),
                    BulkAnswers.unavailable(INDEX, "down"),
                    BulkAnswers.mappingError(INDEX, "bad"))));

    commit(doc("ok", 1), doc("stale", 1), doc("busy", 1), doc("down", 1), doc("bad", 1));

    assertThat(sender.requests).hasSize(2);
    assertThat(operations(1)).containsExactly("index busy v1", "index down v1");
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsWritten.getCount()).isEqualTo(3);
    assertThat(metrics.staleWritesSkipped.getCount()).isEqualTo(1);
    assertThat(metrics.retries.getCount()).isEqualTo(2);
    assertThat(metrics.documentsRejected.getCount()).isEqualTo(1);
    assertThat(metrics.bulkRequests.getCount()).isEqualTo(2);
    assertThat(handler.rejected).containsExactly("bad document_parsing_exception");
    assertThat(handler.flushes).isEqualTo(1);
    assertThat(sleeps).containsExactly(INITIAL_BACKOFF);
  }

  @Test
  void retriesAFailedRequestWithGrowingBackOffUntilAcknowledged() throws Exception {
    sender.answers.add(
        request -> {
          throw new ConnectException("Connection refused");
        });
    sender.answers.add(
        request -> {
          throw BulkItemClassifierTest.requestFailure(503);
        });

    commit(doc("s1", 1), doc("s2", 1));

    assertThat(sender.requests).hasSize(3);
    assertThat(operations(2)).containsExactly("index s1 v1", "index s2 v1");
    assertThat(sleeps).containsExactly(INITIAL_BACKOFF, INITIAL_BACKOFF.multipliedBy(2));
    assertThat(committer.metrics().retries.getCount()).isEqualTo(4);
    assertThat(committer.metrics().documentsWritten.getCount()).isEqualTo(2);

    // An acknowledged bulk resets the back-off.
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.unavailable(INDEX, "s3"))));
    commit(doc("s3", 1));
    assertThat(sleeps).last().isEqualTo(INITIAL_BACKOFF);
  }

  @Test
  void failsTheJobWhenElasticsearchRefusesTheWholeRequest() {
    sender.answers.add(
        request -> {
          throw BulkItemClassifierTest.requestFailure(401);
        });

    assertThatThrownBy(() -> commit(doc("s1", 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("as a whole")
        .hasMessageContaining("status 401");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void failsTheJobWhenTheAliasDoesNotExist() {
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.failed(
                        INDEX, "s1", 404, "index_not_found_exception", "no such index"))));

    assertThatThrownBy(() -> commit(doc("s1", 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no alias 'pulse-sessions'")
        .hasMessageContaining("ElasticsearchSetup.ensureIndices");
  }

  @Test
  void closesTheClientAndTheHandler() throws Exception {
    committer.close();
    committer = null;

    assertThat(sender.closed).isTrue();
    assertThat(handler.closed).isTrue();
  }

  // --- by-query operations ------------------------------------------------------------------

  @Test
  void aByQueryOperationRunsAfterTheWritesBeforeItAndBeforeTheWritesAfterIt() throws Exception {
    sender.deleteAnswers.add(request -> BulkAnswers.deletedByQuery(3));

    Request request = new Request(batch(doc("s1", 1), doc("s2", 1), erase(), doc("s1", 2)));
    committer.commit(List.of(request));

    assertThat(sender.calls)
        .containsExactly(
            "bulk s1 s2", "refresh pulse-sessions", "delete_by_query pulse-sessions", "bulk s1");
    DeleteByQueryRequest delete = sender.deletes.get(0);
    assertThat(delete.index()).containsExactly(INDEX);
    assertThat(delete.conflicts()).isEqualTo(Conflicts.Proceed);
    assertThat(delete.refresh()).isTrue();
    assertThat(delete.waitForCompletion()).isTrue();
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsDeletedByQuery.getCount()).isEqualTo(3);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.documentsWritten.getCount()).isEqualTo(3);
    assertThat(request.signals).isEmpty();
  }

  @Test
  void anOperationWithNothingAfterItSendsTheStagesQueryAsItIs() throws Exception {
    commit(doc("s1", 1), erase());

    Query query = sender.deletes.get(0).query();
    assertThat(query.term().field()).isEqualTo("actor");
    assertThat(query.term().value().stringValue()).isEqualTo("m7");
  }

  @Test
  void anOperationSparesTheDocumentsTheBatchWritesAgainAfterIt() throws Exception {
    // Their later write replaces whatever the operation does to them; were they not spared, a
    // second commit after a restore would delete their newer state (leaving a tombstone one
    // version above it) and then refuse their re-sent write as stale.
    commit(
        doc("s1", 1),
        erase(),
        doc("s1", 2),
        DocumentWrite.delete(INDEX, "s3", 4, "c1"),
        DocumentWrite.upsert("pulse-members", "c1/m7", 2, utf8("{}"), "c1"));

    Query query = sender.deletes.get(0).query();
    assertThat(query.bool().must()).singleElement().satisfies(q -> assertThat(q.isTerm()).isTrue());
    assertThat(query.bool().mustNot())
        .singleElement()
        .satisfies(q -> assertThat(q.ids().values()).containsExactly("s1", "s3"));
  }

  @Test
  void writesBeforeAnOperationAreRetriedUntilDoneBeforeItRuns() throws Exception {
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(BulkAnswers.tooManyRequests(INDEX, "s1"), BulkAnswers.ok(INDEX, "s2"))));

    commit(doc("s1", 1), doc("s2", 1), erase());

    assertThat(sender.calls)
        .containsExactly(
            "bulk s1 s2", "bulk s1", "refresh pulse-sessions", "delete_by_query pulse-sessions");
  }

  @Test
  void anUpdateByQueryCarriesItsScript() throws Exception {
    sender.updateAnswers.add(request -> BulkAnswers.updatedByQuery(2));
    String body =
        "{\"query\":{\"term\":{\"actor\":\"m7\"}},"
            + "\"script\":{\"lang\":\"painless\",\"source\":\"ctx._source.actor = params.a\","
            + "\"params\":{\"a\":\"erased\"}}}";

    commit(DocumentWrite.updateByQuery(INDEX, "anonymize:c1/m7", utf8(body), "c1"));

    assertThat(sender.calls)
        .containsExactly("refresh pulse-sessions", "update_by_query pulse-sessions");
    UpdateByQueryRequest update = sender.updates.get(0);
    assertThat(update.script().source().scriptString()).isEqualTo("ctx._source.actor = params.a");
    assertThat(update.script().params().get("a").to(String.class)).isEqualTo("erased");
    assertThat(update.conflicts()).isEqualTo(Conflicts.Proceed);
    assertThat(update.refresh()).isTrue();
    assertThat(update.waitForCompletion()).isTrue();
    assertThat(committer.metrics().documentsUpdatedByQuery.getCount()).isEqualTo(2);
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(1);
  }

  @Test
  void retriesAnOperationWithGrowingBackOffWhileTheFailureMayPass() throws Exception {
    sender.refreshAnswers.add(
        request -> {
          throw new ConnectException("Connection refused");
        });
    sender.deleteAnswers.add(
        request -> {
          throw BulkAnswers.refused(429, "es_rejected_execution_exception");
        });
    sender.deleteAnswers.add(
        request ->
            BulkAnswers.deletedByQuery(
                2, BulkAnswers.byQueryFailure(INDEX, "s9", 503, "unavailable_shards_exception")));
    sender.deleteAnswers.add(request -> BulkAnswers.deletedByQuery(1));

    commit(erase(), doc("s1", 1));

    assertThat(sender.calls)
        .containsExactly(
            "refresh pulse-sessions",
            "refresh pulse-sessions",
            "delete_by_query pulse-sessions",
            "refresh pulse-sessions",
            "delete_by_query pulse-sessions",
            "refresh pulse-sessions",
            "delete_by_query pulse-sessions",
            "bulk s1");
    assertThat(sleeps)
        .containsExactly(
            INITIAL_BACKOFF, INITIAL_BACKOFF.multipliedBy(2), INITIAL_BACKOFF.multipliedBy(4));
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.retries.getCount()).isEqualTo(3);
    assertThat(metrics.documentsDeletedByQuery.getCount()).isEqualTo(3);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isZero();
  }

  @Test
  void retriesAnOperationThatTimedOut() throws Exception {
    sender.deleteAnswers.add(
        request ->
            DeleteByQueryResponse.of(
                r -> r.deleted(5L).timedOut(true).versionConflicts(0L).failures(List.of())));

    commit(erase());

    assertThat(sender.deletes).hasSize(2);
    assertThat(sleeps).containsExactly(INITIAL_BACKOFF);
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(1);
  }

  @Test
  void givesUpOnAnOperationElasticsearchRefusesAndGoesOnWithTheBatch() throws Exception {
    // A malformed query: 400, which no retry fixes. Failing the job would fail again after
    // every restore, since the operation is in the checkpoint.
    sender.deleteAnswers.add(
        request -> {
          throw BulkAnswers.refused(400, "parsing_exception");
        });

    Request request = new Request(batch(doc("s1", 1), erase(), doc("s2", 1)));
    committer.commit(List.of(request));

    assertThat(sender.calls)
        .containsExactly(
            "bulk s1", "refresh pulse-sessions", "delete_by_query pulse-sessions", "bulk s2");
    assertThat(sleeps).isEmpty();
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.byQueryFailures.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryOperations.getCount()).isZero();
    assertThat(metrics.retries.getCount()).isZero();
    assertThat(metrics.documentsWritten.getCount()).isEqualTo(2);
    assertThat(request.signals).as("the batch is never reported failed").isEmpty();
    assertThat(handler.flushes).isEqualTo(1);
    assertThat(handler.rejected).as("operations are no documents to dead-letter").isEmpty();
  }

  @Test
  void givesUpOnAnOperationWhoseDocumentsFailForGood() throws Exception {
    sender.updateAnswers.add(
        request ->
            BulkAnswers.updatedByQuery(
                4, BulkAnswers.byQueryFailure(INDEX, "s9", 400, "document_parsing_exception")));

    commit(
        DocumentWrite.updateByQuery(
            INDEX,
            "anonymize:c1/m7",
            utf8("{\"query\":{\"match_all\":{}},\"script\":{\"source\":\"ctx._source.x = 1\"}}"),
            "c1"));

    assertThat(sender.updates).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(committer.metrics().documentsUpdatedByQuery.getCount()).isEqualTo(4);
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(1);
  }

  @Test
  void givesUpOnABodyThatIsNoRequestWithoutSendingIt() throws Exception {
    commit(
        DocumentWrite.deleteByQuery(INDEX, "broken", utf8("{\"query\":"), "c1"),
        DocumentWrite.deleteByQuery(INDEX, "everything", utf8("{}"), "c1"),
        DocumentWrite.updateByQuery(
            INDEX, "everything", utf8("{\"script\":{\"source\":\"ctx._source.x = 1\"}}"), "c1"),
        doc("s1", 1));

    assertThat(sender.calls).containsExactly("bulk s1");
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(3);
  }

  @Test
  void failsTheJobWhenTheAliasOfAnOperationDoesNotExist() {
    sender.refreshAnswers.add(
        request -> {
          throw BulkAnswers.refused(404, "index_not_found_exception");
        });

    assertThatThrownBy(() -> commit(erase()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no alias 'pulse-sessions'")
        .hasMessageContaining("ElasticsearchSetup.ensureIndices");
    assertThat(committer.metrics().byQueryFailures.getCount()).isZero();
  }

  @Test
  void aBatchWithAnOperationCommittedAgainRunsTheSameRequestsInTheSameOrder() throws Exception {
    WriteBatch batch = batch(doc("s1", 5), erase(), doc("s2", 7));
    committer.commit(requests(List.of(batch)));
    List<String> first = List.copyOf(sender.calls);
    sender.calls.clear();
    // After a restore Elasticsearch already holds the documents: 409s; nothing left to delete.
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.versionConflict(INDEX, "s1"))));
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.versionConflict(INDEX, "s2"))));

    Request again = new Request(batch);
    committer.commit(List.of(again));

    assertThat(sender.calls).isEqualTo(first);
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(2);
    assertThat(committer.metrics().staleWritesSkipped.getCount()).isEqualTo(2);
    assertThat(again.signals).isEmpty();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static BulkSettings settings(int maxActions, long maxBytes) {
    return new BulkSettings(maxActions, maxBytes, INITIAL_BACKOFF, Duration.ofSeconds(30), true);
  }

  private ElasticsearchCommitter committer(BulkSettings settings) {
    return new ElasticsearchCommitter(
        settings,
        sender,
        handler,
        new SinkMetrics(new UnregisteredMetricsGroup()),
        sleeps::add,
        Map.of(ForgetActor.NAME, new ForgetActor()));
  }

  private void commit(DocumentWrite... writes) throws IOException, InterruptedException {
    committer.commit(requests(List.of(batch(writes))));
  }

  private static WriteBatch batch(DocumentWrite... writes) {
    return new WriteBatch(List.of(writes));
  }

  /** Forgets member m7's sessions. */
  private static DocumentWrite erase() {
    return DocumentWrite.deleteByQuery(
        INDEX, "erase-sessions:c1/m7", utf8("{\"query\":{\"term\":{\"actor\":\"m7\"}}}"), "c1");
  }

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static List<CommitRequest<WriteBatch>> requests(Collection<WriteBatch> batches) {
    return batches.stream().map(b -> (CommitRequest<WriteBatch>) new Request(b)).toList();
  }

  /** The operations of the n-th request, as "index s1 v5" / "delete s2 v2". */
  private List<String> operations(int request) {
    return sender.requests.get(request).operations().stream()
        .map(
            op ->
                (op.isDelete() ? "delete " : "index ")
                    + BulkAnswers.id(op)
                    + " v"
                    + BulkAnswers.version(op))
        .toList();
  }

  @FunctionalInterface
  private interface Answer<Q, R> {
    R answer(Q request) throws IOException;
  }

  /**
   * Answers from scripts, then success; records every request, and every call in {@link #calls} as
   * "bulk s1 s2", "refresh pulse-sessions", "delete_by_query pulse-sessions".
   */
  private static final class ScriptedElasticsearch implements ElasticsearchOperations {
    final List<String> calls = new ArrayList<>();
    final List<BulkRequest> requests = new ArrayList<>();
    final List<DeleteByQueryRequest> deletes = new ArrayList<>();
    final List<UpdateByQueryRequest> updates = new ArrayList<>();
    final Deque<Answer<BulkRequest, BulkResponse>> answers = new ArrayDeque<>();
    final Deque<Answer<RefreshRequest, RefreshResponse>> refreshAnswers = new ArrayDeque<>();
    final Deque<Answer<DeleteByQueryRequest, DeleteByQueryResponse>> deleteAnswers =
        new ArrayDeque<>();
    final Deque<Answer<UpdateByQueryRequest, UpdateByQueryResponse>> updateAnswers =
        new ArrayDeque<>();
    boolean closed;

    @Override
    public BulkResponse bulk(BulkRequest request) throws IOException {
      calls.add(
          "bulk " + String.join(" ", request.operations().stream().map(BulkAnswers::id).toList()));
      requests.add(request);
      Answer<BulkRequest, BulkResponse> answer = answers.poll();
      return answer == null ? BulkAnswers.allOk(request) : answer.answer(request);
    }

    @Override
    public RefreshResponse refresh(RefreshRequest request) throws IOException {
      calls.add("refresh " + String.join(" ", request.index()));
      Answer<RefreshRequest, RefreshResponse> answer = refreshAnswers.poll();
      return answer == null ? BulkAnswers.refreshed() : answer.answer(request);
    }

    @Override
    public DeleteByQueryResponse deleteByQuery(DeleteByQueryRequest request) throws IOException {
      calls.add("delete_by_query " + String.join(" ", request.index()));
      deletes.add(request);
      Answer<DeleteByQueryRequest, DeleteByQueryResponse> answer = deleteAnswers.poll();
      return answer == null ? BulkAnswers.deletedByQuery(0) : answer.answer(request);
    }

    @Override
    public UpdateByQueryResponse updateByQuery(UpdateByQueryRequest request) throws IOException {
      calls.add("update_by_query " + String.join(" ", request.index()));
      updates.add(request);
      Answer<UpdateByQueryRequest, UpdateByQueryResponse> answer = updateAnswers.poll();
      return answer == null ? BulkAnswers.updatedByQuery(0) : answer.answer(request);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A commit request that records what the committer signals back to Flink. */
  private static final class Request implements CommitRequest<WriteBatch> {
    final WriteBatch batch;
    final List<String> signals = new ArrayList<>();

    Request(WriteBatch batch) {
      this.batch = batch;
    }

    @Override
    public WriteBatch getCommittable() {
      return batch;
    }

    @Override
    public int getNumberOfRetries() {
      return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      signals.add("failed: " + t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      signals.add("failed: " + t);
    }

    @Override
    public void retryLater() {
      signals.add("retryLater");
    }

    @Override
    public void updateAndRetryLater(WriteBatch committable) {
      signals.add("updateAndRetryLater");
    }

    @Override
    public void signalAlreadyCommitted() {
      signals.add("alreadyCommitted");
    }
  }

  private static final class RecordingHandler implements RejectedDocumentHandler {
    final List<String> rejected = new ArrayList<>();
    int flushes;
    boolean closed;

    @Override
    public void rejected(DocumentWrite write, String errorType, String reason) {
      rejected.add(write.id + " " + errorType);
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
