package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's batching, coalescing, flushing and answer handling, driven by bulk answers built
 * with the client's builders and by a manual processing-time clock; no Elasticsearch, no sleeping.
 */
class ElasticsearchSinkWriterTest {

  private static final String INDEX = "pulse-sessions";
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

  private final ScriptedSender sender = new ScriptedSender();
  private final TestProcessingTimeService clock = new TestProcessingTimeService();
  private final List<Duration> sleeps = new ArrayList<>();
  private final RecordingHandler handler = new RecordingHandler();
  private boolean clientClosed;
  private ElasticsearchSinkWriter writer;

  @AfterEach
  void closeWriter() throws Exception {
    if (writer != null) {
      writer.close();
    }
  }

  @Test
  void aBurstOfUpdatesBecomesOneWritePerDocument() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    for (long v = 1; v <= 5; v++) {
      write(doc("s1", v));
    }
    write(doc("s2", 1));
    write(DocumentWrite.delete(INDEX, "s2", 2, "c1"));

    writer.flush(false);

    assertThat(sender.requests).hasSize(1);
    assertThat(operations(0)).containsExactly("index s1 v5", "delete s2 v2");
    assertThat(writer.metrics().writesSuperseded.getCount()).isEqualTo(5);
    assertThat(writer.metrics().documentsWritten.getCount()).isEqualTo(2);
  }

  @Test
  void everyOperationCarriesItsExternalVersion() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 42));
    write(DocumentWrite.delete(INDEX, "s2", 43, "c1"));

    writer.flush(false);

    List<BulkOperation> ops = sender.requests.get(0).operations();
    assertThat(ops.get(0).index().versionType()).isEqualTo(VersionType.External);
    assertThat(ops.get(0).index().version()).isEqualTo(42L);
    assertThat(ops.get(1).delete().versionType()).isEqualTo(VersionType.External);
    assertThat(ops.get(1).delete().version()).isEqualTo(43L);
    assertThat(sender.requests.get(0).requireAlias()).isTrue();
  }

  @Test
  void sendsWhenTheBufferHoldsMaxDocuments() throws Exception {
    writer = writer(settings(3, 5L << 20));
    write(doc("s1", 1));
    write(doc("s2", 1));
    write(doc("s1", 2)); // the same document: still two buffered
    assertThat(sender.requests).isEmpty();

    write(doc("s3", 1));

    assertThat(sender.requests).hasSize(1);
    assertThat(operations(0)).containsExactly("index s1 v2", "index s2 v1", "index s3 v1");
  }

  @Test
  void sendsWhenTheBufferReachesMaxBytes() throws Exception {
    writer = writer(settings(1000, 1000));
    write(DocumentWrite.upsert(INDEX, "s1", 1, new byte[600], "c1"));
    assertThat(sender.requests).isEmpty();

    write(DocumentWrite.upsert(INDEX, "s2", 1, new byte[600], "c1"));

    assertThat(sender.requests).hasSize(1);
    assertThat(operations(0)).hasSize(2);
  }

  @Test
  void sendsWhenTheFlushIntervalPasses() throws Exception {
    clock.setCurrentTime(10_000);
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 1));

    clock.setCurrentTime(10_999);
    assertThat(sender.requests).isEmpty();
    clock.setCurrentTime(11_000);
    assertThat(sender.requests).hasSize(1);

    write(doc("s2", 1));
    clock.setCurrentTime(12_000);
    assertThat(sender.requests).hasSize(2);
    assertThat(clock.getNumActiveTimers()).isZero();
  }

  @Test
  void inspectsEveryItemAndRetriesOnlyTheRetryableOnes() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("ok", 1));
    write(doc("stale", 1));
    write(doc("busy", 1));
    write(doc("down", 1));
    write(doc("bad", 1));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.ok(INDEX, "ok"),
                    BulkAnswers.versionConflict(INDEX, "stale"),
                    BulkAnswers.tooManyRequests(INDEX, "busy"),
                    BulkAnswers.unavailable(INDEX, "down"),
                    BulkAnswers.mappingError(INDEX, "bad"))));

    assertThat(writer.bufferedDocuments()).isEqualTo(5);

    writer.flush(false);

    assertThat(writer.bufferedDocuments()).isZero();
    assertThat(sender.requests).hasSize(2);
    assertThat(operations(1)).containsExactly("index busy v1", "index down v1");
    SinkMetrics metrics = writer.metrics();
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
  void aNewerWriteReplacesAPendingRetry() throws Exception {
    writer = writer(settings(2, 5L << 20));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(BulkAnswers.tooManyRequests(INDEX, "s1"), BulkAnswers.ok(INDEX, "s2"))));
    write(doc("s1", 1));
    write(doc("s2", 1)); // sends; s1 comes back for a retry
    assertThat(writer.bufferedDocuments()).isEqualTo(1);

    write(doc("s1", 2));
    writer.flush(false);

    assertThat(operations(1)).containsExactly("index s1 v2");
    assertThat(writer.metrics().writesSuperseded.getCount()).isEqualTo(1);
    assertThat(writer.metrics().documentsWritten.getCount()).isEqualTo(2);
  }

  @Test
  void retriesAFailedRequestWithGrowingBackOffUntilAcknowledged() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 1));
    write(doc("s2", 1));
    sender.answers.add(
        request -> {
          throw new ConnectException("Connection refused");
        });
    sender.answers.add(
        request -> {
          throw BulkItemClassifierTest.requestFailure(503);
        });

    writer.flush(false);

    assertThat(sender.requests).hasSize(3);
    assertThat(operations(2)).containsExactly("index s1 v1", "index s2 v1");
    assertThat(sleeps).containsExactly(INITIAL_BACKOFF, INITIAL_BACKOFF.multipliedBy(2));
    assertThat(writer.metrics().retries.getCount()).isEqualTo(4);
    assertThat(writer.metrics().documentsWritten.getCount()).isEqualTo(2);

    // An acknowledged bulk resets the back-off.
    write(doc("s3", 1));
    sender.answers.add(
        request -> BulkAnswers.response(List.of(BulkAnswers.unavailable(INDEX, "s3"))));
    writer.flush(false);
    assertThat(sleeps).last().isEqualTo(INITIAL_BACKOFF);
  }

  @Test
  void failsTheJobWhenElasticsearchRefusesTheWholeRequest() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 1));
    sender.answers.add(
        request -> {
          throw BulkItemClassifierTest.requestFailure(401);
        });

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("as a whole")
        .hasMessageContaining("status 401");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void failsTheJobWhenTheAliasDoesNotExist() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 1));
    sender.answers.add(
        request ->
            BulkAnswers.response(
                List.of(
                    BulkAnswers.failed(
                        INDEX, "s1", 404, "index_not_found_exception", "no such index"))));

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no alias 'pulse-sessions'")
        .hasMessageContaining("ElasticsearchSetup.ensureIndices");
  }

  @Test
  void keepsItsOwnCopyWhenFlinkReusesObjects() throws Exception {
    writer = writer(settings(1000, 5L << 20), true);
    DocumentWrite reused = doc("s1", 1);
    write(reused);
    reused.id = "s2";
    reused.version = 9;

    writer.flush(true);

    assertThat(operations(0)).containsExactly("index s1 v1");
  }

  @Test
  void refusesAWriteWithoutIndexOrId() {
    writer = writer(settings(1000, 5L << 20));

    assertThatThrownBy(() -> write(DocumentWrite.upsert(null, "s1", 1, new byte[0], "c1")))
        .hasMessageContaining("without index");
    assertThatThrownBy(() -> write(DocumentWrite.upsert(INDEX, "", 1, new byte[0], "c1")))
        .hasMessageContaining("without id");
    assertThatThrownBy(() -> write(DocumentWrite.upsert(INDEX, "s1", -1, new byte[0], "c1")))
        .hasMessageContaining("negative version");
  }

  @Test
  void closesTheClientAndTheHandlerAndCancelsTheTimer() throws Exception {
    writer = writer(settings(1000, 5L << 20));
    write(doc("s1", 1));

    writer.close();
    writer = null;

    assertThat(clientClosed).isTrue();
    assertThat(handler.closed).isTrue();
    clock.setCurrentTime(60_000);
    assertThat(sender.requests).isEmpty();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static BulkSettings settings(int maxDocuments, long maxBytes) {
    return new BulkSettings(
        maxDocuments,
        maxBytes,
        Duration.ofSeconds(1),
        INITIAL_BACKOFF,
        Duration.ofSeconds(30),
        true);
  }

  private ElasticsearchSinkWriter writer(BulkSettings settings) {
    return writer(settings, false);
  }

  private ElasticsearchSinkWriter writer(BulkSettings settings, boolean objectReuse) {
    return new ElasticsearchSinkWriter(
        settings,
        sender,
        () -> clientClosed = true,
        handler,
        clock,
        UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
        objectReuse,
        sleeps::add);
  }

  private void write(DocumentWrite w) throws IOException, InterruptedException {
    writer.write(w, null);
  }

  private static DocumentWrite doc(String id, long version) {
    return DocumentWrite.upsert(
        INDEX, id, version, ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8), "c1");
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
