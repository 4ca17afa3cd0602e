package io.communitypulse.sink;

import static io.communitypulse.sink.ElasticsearchSinkWriterTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.elasticsearch.indices.RefreshResponse;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
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
 * checkpoint's batch, and the committer's bulk splitting, by-query barriers (search pages, then
 * bulk deletes or rewrites) and answer handling, driven by answers built with the client's
 * builders; no Elasticsearch, no sleeping.
 */
class ElasticsearchCommitterTest {

  private static final String INDEX = "pulse-sessions";
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    sender.answers.add(BulkAnswers::allOk);
    sender.searchAnswers.add(
        request -> BulkAnswers.page(hit("old", 3, null), hit("c", 1, null), hit("gone", 2, null)));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.ok(INDEX, "old"),
                    BulkAnswers.ok(INDEX, "c"),
                    BulkAnswers.deletedNothing(INDEX, "gone"))));

    Request request = new Request(batch(doc("s1", 1), doc("s2", 1), erase(), doc("s1", 2)));
    committer.commit(List.of(request));

    assertThat(sender.calls)
        .containsExactly(
            "bulk s1 s2",
            "refresh pulse-sessions",
            "search pulse-sessions",
            "bulk old c gone",
            "bulk s1");
    // At the version each document was read with: a newer write of the job still wins.
    assertThat(operations(1)).containsExactly("delete old v3", "delete c v1", "delete gone v2");
    assertThat(sender.requests.get(1).operations())
        .allSatisfy(op -> assertThat(op.delete().versionType()).isEqualTo(VersionType.ExternalGte));
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsDeletedByQuery.getCount())
        .as("gone was deleted already")
        .isEqualTo(2);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.documentsWritten.getCount()).isEqualTo(3);
    assertThat(request.signals).isEmpty();
  }

  @Test
  void searchesByTheBodysQuerySortedByItsFieldWithVersionsAndNoSourceForADelete() throws Exception {
    commit(doc("s1", 1), erase());

    SearchRequest search = sender.searches.get(0);
    assertThat(search.index()).containsExactly(INDEX);
    assertThat(search.query().term().field()).isEqualTo("actor");
    assertThat(search.query().term().value().stringValue()).isEqualTo("m7");
    assertThat(search.sort())
        .singleElement()
        .satisfies(
            sort -> {
              assertThat(sort.field().field()).isEqualTo("session_id");
              assertThat(sort.field().order()).isEqualTo(SortOrder.Asc);
            });
    assertThat(search.size()).isEqualTo(ElasticsearchCommitter.BY_QUERY_PAGE_SIZE);
    assertThat(search.searchAfter()).isEmpty();
    assertThat(search.version()).isTrue();
    assertThat(search.source().fetch()).isFalse();
    assertThat(search.allowPartialSearchResults()).isFalse();
  }

  @Test
  void pagesThroughTheMatchesWithSearchAfterUntilAPageIsNotFull() throws Exception {
    // A page is at most maxBulkActions documents, so each page is one bulk request.
    committer = committer(settings(2, 5L << 20));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("a", 1, null), hit("b", 1, null)));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("c", 1, null), hit("d", 1, null)));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("e", 1, null)));

    commit(erase());

    assertThat(sender.calls)
        .containsExactly(
            "refresh pulse-sessions",
            "search pulse-sessions",
            "bulk a b",
            "search pulse-sessions",
            "bulk c d",
            "search pulse-sessions",
            "bulk e");
    assertThat(sender.searches).extracting(SearchRequest::size).containsOnly(2);
    assertThat(sender.searches.get(1).searchAfter())
        .singleElement()
        .satisfies(value -> assertThat(value.stringValue()).isEqualTo("b"));
    assertThat(sender.searches.get(2).searchAfter())
        .singleElement()
        .satisfies(value -> assertThat(value.stringValue()).isEqualTo("d"));
    assertThat(committer.metrics().documentsDeletedByQuery.getCount()).isEqualTo(5);
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(1);
  }

  @Test
  void anEmptyLastPageEndsTheOperation() throws Exception {
    committer = committer(settings(2, 5L << 20));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("a", 1, null), hit("b", 1, null)));

    commit(erase());

    assertThat(sender.calls)
        .containsExactly(
            "refresh pulse-sessions", "search pulse-sessions", "bulk a b", "search pulse-sessions");
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(1);
  }

  @Test
  void anOperationSparesTheDocumentsTheBatchWritesAgainAfterIt() throws Exception {
    // Their later write replaces whatever the operation does to them; were they not spared, a
    // second commit after a restore would delete their newer state (its tombstone at that very
    // version) and then refuse their re-sent write, of the same version, as stale.
    commit(
        doc("s1", 1),
        erase(),
        doc("s1", 2),
        DocumentWrite.delete(INDEX, "s3", 4, "c1"),
        DocumentWrite.upsert("pulse-members", "c1/m7", 2, utf8("{}"), "c1"));

    Query query = sender.searches.get(0).query();
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
            "bulk s1 s2", "bulk s1", "refresh pulse-sessions", "search pulse-sessions");
  }

  @Test
  void anUpdateWritesWhatItsTransformMadeDeletesWhatItNullsAndLeavesTheRest() throws Exception {
    sender.searchAnswers.add(
        request ->
            BulkAnswers.page(
                hit("s1", 4, session("m7", "closed")),
                hit("s2", 5, session(null, "closed")),
                hit("s3", 6, session("m7", "open"))));

    commit(forget("m7"));

    assertThat(sender.calls)
        .containsExactly("refresh pulse-sessions", "search pulse-sessions", "bulk s1 s3");
    assertThat(sender.searches.get(0).source().fetch()).isTrue();
    assertThat(operations(0)).containsExactly("index s1 v4", "delete s3 v6");
    IndexOperation<?> rewrite = sender.requests.get(0).operations().get(0).index();
    assertThat(rewrite.versionType()).isEqualTo(VersionType.ExternalGte);
    assertThat(rewrite.index()).isEqualTo(INDEX);
    assertThat(json(rewrite.document())).isEqualTo(session(null, "closed"));
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsUpdatedByQuery.getCount()).isEqualTo(1);
    assertThat(metrics.documentsDeletedByQuery.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
  }

  @Test
  void theTransformWorksOnACopyAndGetsTheOperationsParams() throws Exception {
    ObjectNode stored = session("m7", "closed");
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("s1", 4, stored)));
    List<JsonNode> seen = new ArrayList<>();
    committer =
        committer(
            settings(1000, 5L << 20),
            Map.of(
                "touch",
                (document, params) -> {
                  seen.add(params);
                  return document.put("touched", true);
                }));

    commit(
        DocumentWrite.updateByQuery(
            INDEX,
            "touch",
            utf8(
                "{\"query\":{\"match_all\":{}},\"sort\":\"session_id\",\"transform\":\"touch\","
                    + "\"params\":{\"n\":1}}"),
            "c1"),
        DocumentWrite.updateByQuery(
            INDEX,
            "touch-no-params",
            utf8("{\"query\":{\"match_all\":{}},\"sort\":\"session_id\",\"transform\":\"touch\"}"),
            "c1"));

    assertThat(stored.has("touched")).as("the hit's source is left as it was").isFalse();
    assertThat(seen.get(0).path("n").asInt()).isEqualTo(1);
    assertThat(seen).as("the second search found nothing").hasSize(1);
    assertThat(committer.metrics().documentsUpdatedByQuery.getCount()).isEqualTo(1);
  }

  @Test
  void aVersionConflictMeansANewerWriteGotThereFirstAndIsLeftAlone() throws Exception {
    sender.searchAnswers.add(
        request ->
            BulkAnswers.page(
                hit("s1", 4, session("m7", "closed")), hit("s2", 4, session("m7", "closed"))));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(BulkAnswers.versionConflict(INDEX, "s1"), BulkAnswers.ok(INDEX, "s2"))));

    commit(forget("m7"));

    assertThat(sender.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsUpdatedByQuery.getCount()).as("s2").isEqualTo(1);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isZero();
    assertThat(metrics.staleWritesSkipped.getCount())
        .as("only document writes count as stale")
        .isZero();
  }

  @Test
  void retriesEachRequestOfAnOperationWithGrowingBackOffWhileTheFailureMayPass() throws Exception {
    committer = committer(settings(2, 5L << 20));
    sender.refreshAnswers.add(
        request -> {
          throw new ConnectException("Connection refused");
        });
    sender.searchAnswers.add(
        request -> {
          throw BulkAnswers.refused(429, "es_rejected_execution_exception");
        });
    sender.searchAnswers.add(
        request -> {
          throw BulkAnswers.refused(503, "search_phase_execution_exception");
        });
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("a", 1, null), hit("b", 1, null)));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(BulkAnswers.ok(INDEX, "a"), BulkAnswers.unavailable(INDEX, "b"))));
    sender.searchAnswers.add(
        request ->
            SearchResponse.of(
                r ->
                    r.took(1)
                        .timedOut(true)
                        .shards(sh -> sh.total(1).successful(0).failed(0))
                        .hits(h -> h.hits(List.of()))));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("c", 1, null)));

    commit(erase(), doc("s1", 1));

    assertThat(sender.calls)
        .containsExactly(
            "refresh pulse-sessions",
            "refresh pulse-sessions",
            "search pulse-sessions",
            "search pulse-sessions",
            "search pulse-sessions",
            "bulk a b",
            "bulk b",
            "search pulse-sessions",
            "search pulse-sessions",
            "bulk c",
            "bulk s1");
    assertThat(sender.searches.get(3).searchAfter())
        .as("a retried page starts where it started")
        .isEqualTo(sender.searches.get(4).searchAfter());
    // The back-off grows while one request keeps failing; each answer resets it.
    assertThat(sleeps)
        .containsExactly(
            INITIAL_BACKOFF,
            INITIAL_BACKOFF,
            INITIAL_BACKOFF.multipliedBy(2),
            INITIAL_BACKOFF,
            INITIAL_BACKOFF);
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.retries.getCount()).isEqualTo(5);
    assertThat(metrics.documentsDeletedByQuery.getCount()).isEqualTo(3);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isZero();
  }

  @Test
  void givesUpOnAQueryElasticsearchRefusesAndGoesOnWithTheBatch() throws Exception {
    // A malformed query: 400, which no retry fixes. Failing the job would fail again after
    // every restore, since the operation is in the checkpoint.
    sender.searchAnswers.add(
        request -> {
          throw BulkAnswers.refused(400, "parsing_exception");
        });

    Request request = new Request(batch(doc("s1", 1), erase(), doc("s2", 1)));
    committer.commit(List.of(request));

    assertThat(sender.calls)
        .containsExactly("bulk s1", "refresh pulse-sessions", "search pulse-sessions", "bulk s2");
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
  void givesUpOnAnOperationWhoseDocumentFailsForGood() throws Exception {
    committer = committer(settings(2, 5L << 20));
    sender.searchAnswers.add(
        request ->
            BulkAnswers.page(
                hit("s1", 1, session("m7", "closed")), hit("s2", 1, session("m7", "closed"))));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(BulkAnswers.ok(INDEX, "s1"), BulkAnswers.mappingError(INDEX, "s2"))));

    commit(forget("m7"), doc("s9", 1));

    assertThat(sender.calls)
        .as("no next page")
        .containsExactly(
            "refresh pulse-sessions", "search pulse-sessions", "bulk s1 s2", "bulk s9");
    assertThat(sleeps).isEmpty();
    SinkMetrics metrics = committer.metrics();
    assertThat(metrics.documentsUpdatedByQuery.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryOperations.getCount()).isZero();
    assertThat(handler.rejected).isEmpty();
  }

  @Test
  void givesUpOnAnUnknownTransformWithoutSendingAnything() throws Exception {
    commit(
        DocumentWrite.updateByQuery(
            INDEX,
            "anonymize:c1/m7",
            utf8(
                "{\"query\":{\"term\":{\"actor\":\"m7\"}},\"sort\":\"session_id\","
                    + "\"transform\":\"anonymize\"}"),
            "c1"),
        doc("s1", 1));

    assertThat(sender.calls).containsExactly("bulk s1");
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(1);
  }

  @Test
  void givesUpOnATransformThatThrows() throws Exception {
    committer =
        committer(
            settings(1000, 5L << 20),
            Map.of(
                ForgetActor.NAME,
                (document, params) -> {
                  throw new IllegalStateException("boom");
                }));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("s1", 1, session("m7", "closed"))));

    commit(forget("m7"));

    assertThat(sender.calls).containsExactly("refresh pulse-sessions", "search pulse-sessions");
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(1);
  }

  @Test
  void givesUpOnABodyThatIsNoOperationWithoutSendingIt() throws Exception {
    String query = "\"query\":{\"term\":{\"actor\":\"m7\"}}";
    commit(
        DocumentWrite.deleteByQuery(INDEX, "broken", utf8("{\"query\":"), "c1"),
        DocumentWrite.deleteByQuery(INDEX, "array", utf8("[]"), "c1"),
        DocumentWrite.deleteByQuery(INDEX, "everything", utf8("{\"sort\":\"session_id\"}"), "c1"),
        DocumentWrite.deleteByQuery(INDEX, "unsorted", utf8("{" + query + "}"), "c1"),
        DocumentWrite.deleteByQuery(INDEX, "not-a-query", utf8("{\"query\":{\"nope\":{}}}"), "c1"),
        DocumentWrite.deleteByQuery(
            INDEX,
            "with-transform",
            utf8("{" + query + ",\"sort\":\"id\",\"transform\":\"x\"}"),
            "c1"),
        DocumentWrite.updateByQuery(
            INDEX,
            "painless",
            utf8("{" + query + ",\"script\":{\"source\":\"ctx._source.x = 1\"}}"),
            "c1"),
        DocumentWrite.updateByQuery(
            INDEX, "no-transform", utf8("{" + query + ",\"sort\":\"session_id\"}"), "c1"),
        DocumentWrite.updateByQuery(
            INDEX,
            "bad-params",
            utf8(
                "{"
                    + query
                    + ",\"sort\":\"session_id\",\"transform\":\""
                    + ForgetActor.NAME
                    + "\",\"params\":[1]}"),
            "c1"),
        doc("s1", 1));

    assertThat(sender.calls).containsExactly("bulk s1");
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(9);
  }

  @Test
  void givesUpWhenAFullPageEndsWithADocumentWithoutTheSortField() throws Exception {
    committer = committer(settings(2, 5L << 20));
    sender.searchAnswers.add(
        request ->
            BulkAnswers.page(hit("a", 1, null), BulkAnswers.hitWithoutSortValue(INDEX, "b", 1)));

    commit(erase());

    assertThat(sender.calls)
        .as("the page is applied, the next one cannot be found")
        .containsExactly("refresh pulse-sessions", "search pulse-sessions", "bulk a b");
    assertThat(committer.metrics().documentsDeletedByQuery.getCount()).isEqualTo(2);
    assertThat(committer.metrics().byQueryFailures.getCount()).isEqualTo(1);
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
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("old", 2, null)));
    committer.commit(requests(List.of(batch)));
    List<String> first = List.copyOf(sender.calls);
    sender.calls.clear();
    // After a restore Elasticsearch already holds the documents: 409s; the deleted document is
    // gone, but a search may still show it until the next refresh: its delete finds nothing.
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.versionConflict(INDEX, "s1"))));
    sender.searchAnswers.add(request -> BulkAnswers.page(hit("old", 2, null)));
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.deletedNothing(INDEX, "old"))));
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.versionConflict(INDEX, "s2"))));

    Request again = new Request(batch);
    committer.commit(List.of(again));

    assertThat(sender.calls).isEqualTo(first);
    assertThat(committer.metrics().byQueryOperations.getCount()).isEqualTo(2);
    assertThat(committer.metrics().documentsDeletedByQuery.getCount()).isEqualTo(1);
    assertThat(committer.metrics().staleWritesSkipped.getCount()).isEqualTo(2);
    assertThat(again.signals).isEmpty();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static BulkSettings settings(int maxActions, long maxBytes) {
    return new BulkSettings(maxActions, maxBytes, INITIAL_BACKOFF, Duration.ofSeconds(30), true);
  }

  private ElasticsearchCommitter committer(BulkSettings settings) {
    return committer(settings, Map.of(ForgetActor.NAME, new ForgetActor()));
  }

  private ElasticsearchCommitter committer(
      BulkSettings settings, Map<String, DocumentTransform> transforms) {
    return new ElasticsearchCommitter(
        settings,
        sender,
        handler,
        new SinkMetrics(new UnregisteredMetricsGroup()),
        sleeps::add,
        transforms);
  }

  private void commit(DocumentWrite... writes) throws IOException, InterruptedException {
    committer.commit(requests(List.of(batch(writes))));
  }

  private static WriteBatch batch(DocumentWrite... writes) {
    return new WriteBatch(List.of(writes));
  }

  /** Deletes member m7's sessions. */
  private static DocumentWrite erase() {
    return DocumentWrite.deleteByQuery(
        INDEX,
        "erase-sessions:c1/m7",
        utf8("{\"query\":{\"term\":{\"actor\":\"m7\"}},\"sort\":\"session_id\"}"),
        "c1");
  }

  /** Forgets {@code actor} in their sessions with {@link ForgetActor}. */
  private static DocumentWrite forget(String actor) {
    String body =
        "{\"query\":{\"term\":{\"actor\":\""
            + actor
            + "\"}},\"sort\":\"session_id\",\"transform\":\""
            + ForgetActor.NAME
            + "\",\"params\":{\"actor\":\""
            + actor
            + "\"}}";
    return DocumentWrite.updateByQuery(INDEX, "forget-sessions:c1/" + actor, utf8(body), "c1");
  }

  private static Hit<ObjectNode> hit(String id, long version, ObjectNode source) {
    return BulkAnswers.hit(INDEX, id, version, source);
  }

  /** A stored session's source: its actor (null for none) and status. */
  private static ObjectNode session(String actor, String status) {
    ObjectNode session = JSON.createObjectNode().put("session_id", "s").put("events", 3);
    if (actor == null) {
      session.putNull("actor");
    } else {
      session.put("actor", actor);
    }
    return session.put("status", status);
  }

  /** A bulk index operation's document, which the committer hands over as JSON bytes. */
  private static JsonNode json(Object document) throws IOException {
    ByteBuffer bytes = ((BinaryData) document).asByteBuffer();
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return JSON.readTree(out);
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
   * Answers from scripts, then success (a search: no hits); records every request, and every call
   * in {@link #calls} as "bulk s1 s2", "refresh pulse-sessions", "search pulse-sessions".
   */
  private static final class ScriptedElasticsearch implements ElasticsearchOperations {
    final List<String> calls = new ArrayList<>();
    final List<BulkRequest> requests = new ArrayList<>();
    final List<SearchRequest> searches = new ArrayList<>();
    final Deque<Answer<BulkRequest, BulkResponse>> answers = new ArrayDeque<>();
    final Deque<Answer<RefreshRequest, RefreshResponse>> refreshAnswers = new ArrayDeque<>();
    final Deque<Answer<SearchRequest, SearchResponse<ObjectNode>>> searchAnswers =
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
    public SearchResponse<ObjectNode> search(SearchRequest request) throws IOException {
      calls.add("search " + String.join(" ", request.index()));
      searches.add(request);
      Answer<SearchRequest, SearchResponse<ObjectNode>> answer = searchAnswers.poll();
      return answer == null ? BulkAnswers.page() : answer.answer(request);
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
