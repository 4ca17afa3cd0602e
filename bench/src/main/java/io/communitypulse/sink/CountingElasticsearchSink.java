package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.BinaryData;
import io.communitypulse.bench.BulkLedger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The job's real Elasticsearch sink writer ({@link ElasticsearchSinkWriter}: its per-document
 * coalescing, its count/bytes/time/checkpoint flushes, its bulk-operation building) in front of a
 * stand-in for the node that answers every item with success and tells a {@link BulkLedger} what it
 * was sent. So the benchmark counts exactly the write operations Elasticsearch would receive,
 * without a node's noise in the CPU figures.
 *
 * <p>It lives in the sink's package, in the bench module, because the writer and its settings are
 * package-private in the job, and a benchmark is no reason to widen the job's API.
 */
public final class CountingElasticsearchSink implements Sink<DocumentWrite> {

  private static final long serialVersionUID = 1L;

  private final boolean keepDocuments;

  /**
   * @param keepDocuments whether the ledger keeps the newest source of every document (for the
   *     correctness gate; costs memory, so timed runs leave it off)
   */
  public CountingElasticsearchSink(boolean keepDocuments) {
    this.keepDocuments = keepDocuments;
  }

  @Override
  public SinkWriter<DocumentWrite> createWriter(WriterInitContext context) throws IOException {
    return new ElasticsearchSinkWriter(
        BulkSettings.defaults(),
        this::answer,
        () -> {},
        new LoggingRejectedDocumentHandler(),
        context.getProcessingTimeService(),
        context.metricGroup(),
        context.isObjectReuseEnabled(),
        Sleeper.THREAD_SLEEP);
  }

  private BulkResponse answer(BulkRequest request) {
    List<BulkResponseItem> items = new ArrayList<>(request.operations().size());
    for (BulkOperation op : request.operations()) {
      if (op.isDelete()) {
        BulkLedger.record(op.delete().index(), op.delete().id(), op.delete().version(), null);
        items.add(ok(OperationType.Delete, op.delete().index(), op.delete().id()));
      } else {
        byte[] source = keepDocuments ? bytes(op.index().document()) : null;
        BulkLedger.record(op.index().index(), op.index().id(), op.index().version(), source);
        items.add(ok(OperationType.Index, op.index().index(), op.index().id()));
      }
    }
    BulkLedger.bulkRequest();
    return BulkResponse.of(r -> r.items(items).errors(false).took(1));
  }

  private static BulkResponseItem ok(OperationType type, String index, String id) {
    return BulkResponseItem.of(i -> i.operationType(type).index(index).id(id).status(201));
  }

  private static byte[] bytes(Object document) {
    if (document instanceof BinaryData data) {
      ByteBuffer buffer;
      try {
        buffer = data.asByteBuffer();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    }
    if (document instanceof JsonData json) {
      return json.toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    throw new IllegalStateException("unexpected document type " + document.getClass());
  }
}
