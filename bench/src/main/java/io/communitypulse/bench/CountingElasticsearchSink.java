package io.communitypulse.bench;

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
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.ElasticsearchOperations;
import io.communitypulse.sink.ElasticsearchSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's real Elasticsearch sink (its writer's per-document coalescing between checkpoints, its
 * committer's bulk-request building after each one) in front of a stand-in for the node, given
 * through the sink's public seam ({@link ElasticsearchSink.Builder#operations}): it answers every
 * item with success and tells a {@link BulkLedger} what it was sent. So the benchmark counts
 * exactly the write operations Elasticsearch would receive, without a node's noise in the CPU
 * figures.
 */
final class CountingElasticsearchSink {

  private CountingElasticsearchSink() {}

  /**
   * @param keepDocuments whether the ledger keeps the newest source of every document (for the
   *     correctness gate; costs memory, so timed runs leave it off)
   */
  static ElasticsearchSink create(boolean keepDocuments) {
    return ProductionSinks.documentSink()
        .operations(() -> new CountingOperations(keepDocuments))
        .build();
  }

  /**
   * Bulk requests go to the ledger; the by-query operations of erasures and retention ({@code
   * --erasures}) search and find nothing, so they cost the job what they cost it in production and
   * this stand-in nothing.
   */
  private static final class CountingOperations implements ElasticsearchOperations {

    private final boolean keepDocuments;

    CountingOperations(boolean keepDocuments) {
      this.keepDocuments = keepDocuments;
    }

    @Override
    public BulkResponse bulk(BulkRequest request) {
      return answer(request, keepDocuments);
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

  private static BulkResponse answer(BulkRequest request, boolean keepDocuments) {
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
