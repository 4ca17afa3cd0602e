package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.elasticsearch.indices.RefreshResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.bench.BulkLedger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's real Elasticsearch sink writer and committer ({@link ElasticsearchSinkWriter}: its
 * per-document coalescing between checkpoints; {@link ElasticsearchCommitter}: its bulk-request
 * building after each checkpoint) in front of a stand-in for the node that answers every item with
 * success and tells a {@link BulkLedger} what it was sent. So the benchmark counts exactly the
 * write operations Elasticsearch would receive, without a node's noise in the CPU figures.
 *
 * <p>It lives in the sink's package, in the bench module, because the writer and its settings are
 * package-private in the job, and a benchmark is no reason to widen the job's API.
 */
public final class CountingElasticsearchSink
    implements Sink<DocumentWrite>, SupportsCommitter<WriteBatch> {

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
  public CommittingSinkWriter<DocumentWrite, WriteBatch> createWriter(WriterInitContext context) {
    return new ElasticsearchSinkWriter(context.metricGroup(), context.isObjectReuseEnabled());
  }

  @Override
  public Committer<WriteBatch> createCommitter(CommitterInitContext context) {
    return new ElasticsearchCommitter(
        BulkSettings.defaults(),
        new CountingOperations(),
        new LoggingRejectedDocumentHandler(),
        new SinkMetrics(context.metricGroup()),
        Sleeper.THREAD_SLEEP,
        Map.of());
  }

  @Override
  public SimpleVersionedSerializer<WriteBatch> getCommittableSerializer() {
    return WriteBatchSerializer.INSTANCE;
  }

  /**
   * Bulk requests go to the ledger; the benchmark's pipeline sends no by-query operations, and were
   * one sent, it would find nothing.
   */
  private final class CountingOperations implements ElasticsearchOperations {

    @Override
    public BulkResponse bulk(BulkRequest request) {
      return answer(request);
    }

    @Override
    public RefreshResponse refresh(RefreshRequest request) {
      return RefreshResponse.of(r -> r.shards(s -> s.total(1).successful(1).failed(0)));
    }

    @Override
    public SearchResponse<ObjectNode> search(SearchRequest request) {
      return SearchResponse.of(
          r ->
              r.took(0)
                  .timedOut(false)
                  .shards(s -> s.total(1).successful(1).failed(0))
                  .hits(h -> h.hits(List.of())));
    }

    @Override
    public void close() {}
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
