package io.communitypulse.sink;

import static io.communitypulse.sink.ElasticsearchSinkWriterTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer and committer together: nothing reaches Elasticsearch before Flink commits a
 * checkpoint's batch, and the committer's bulk splitting and answer handling, driven by bulk
 * answers built with the client's builders; no Elasticsearch, no sleeping.
 */
class ElasticsearchCommitterTest {

  private static final String INDEX = "pulse-sessions";
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

  private final ScriptedSender sender = new ScriptedSender();
  private final List<Duration> sleeps = new ArrayList<>();
  private final RecordingHandler handler = new RecordingHandler();
  private boolean clientClosed;
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

    assertThat(clientClosed).isTrue();
    assertThat(handler.closed).isTrue();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static BulkSettings settings(int maxActions, long maxBytes) {
    return new BulkSettings(maxActions, maxBytes, INITIAL_BACKOFF, Duration.ofSeconds(30), true);
  }

  private ElasticsearchCommitter committer(BulkSettings settings) {
    return new ElasticsearchCommitter(
        settings,
        sender,
        () -> clientClosed = true,
        handler,
        new SinkMetrics(new UnregisteredMetricsGroup()),
        sleeps::add);
  }

  private void commit(DocumentWrite... writes) throws IOException, InterruptedException {
    committer.commit(requests(List.of(new WriteBatch(List.of(writes)))));
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
  private interface Answer {
    BulkResponse answer(BulkRequest request) throws IOException;
  }

  /** Answers from a script, then all-OK; records every request. */
  private static final class ScriptedSender implements BulkSender {
    final List<BulkRequest> requests = new ArrayList<>();
    final Deque<Answer> answers = new ArrayDeque<>();

    @Override
    public BulkResponse bulk(BulkRequest request) throws IOException {
      requests.add(request);
      Answer answer = answers.poll();
      return answer == null ? BulkAnswers.allOk(request) : answer.answer(request);
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
