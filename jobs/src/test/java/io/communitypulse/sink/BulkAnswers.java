package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.RefreshResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk items and responses, and the answers to refresh and search requests, as Elasticsearch sends
 * them, built with the client's own builders, for unit tests of the answer handling (integration
 * tests always talk to a real node).
 */
final class BulkAnswers {

  private BulkAnswers() {}

  static BulkResponseItem ok(String index, String id) {
    return BulkResponseItem.of(
        i ->
            i.operationType(OperationType.Index).index(index).id(id).status(201).result("created"));
  }

  static BulkResponseItem deletedNothing(String index, String id) {
    // A delete of an absent document: 404 with result not_found but no error.
    return BulkResponseItem.of(
        i ->
            i.operationType(OperationType.Delete)
                .index(index)
                .id(id)
                .status(404)
                .result("not_found"));
  }

  static BulkResponseItem failed(String index, String id, int status, String type, String reason) {
    return BulkResponseItem.of(
        i ->
            i.operationType(OperationType.Index)
                .index(index)
                .id(id)
                .status(status)
                .error(e -> e.type(type).reason(reason)));
  }

  static BulkResponseItem versionConflict(String index, String id) {
    return failed(
        index,
        id,
        409,
        "version_conflict_engine_exception",
        "["
            + id
            + "]: version conflict, current version [5] is higher or equal to the one provided");
  }

  static BulkResponseItem tooManyRequests(String index, String id) {
    return failed(index, id, 429, "es_rejected_execution_exception", "rejected execution");
  }

  static BulkResponseItem unavailable(String index, String id) {
    return failed(index, id, 503, "unavailable_shards_exception", "primary shard is not active");
  }

  static BulkResponseItem mappingError(String index, String id) {
    return failed(
        index,
        id,
        400,
        "document_parsing_exception",
        "[1:12] failed to parse field [events] of type [long] in document with id '"
            + id
            + "'. Preview of field's value: 'secret-content'");
  }

  /** A response whose items are all successes, one per operation of the request. */
  static BulkResponse allOk(BulkRequest request) {
    List<BulkResponseItem> items = new ArrayList<>();
    for (BulkOperation op : request.operations()) {
      items.add(ok(index(op), id(op)));
    }
    return response(items);
  }

  static BulkResponse response(List<BulkResponseItem> items) {
    boolean errors = items.stream().anyMatch(i -> i.error() != null);
    return BulkResponse.of(r -> r.items(items).errors(errors).took(1));
  }

  static String index(BulkOperation op) {
    return op.isDelete() ? op.delete().index() : op.index().index();
  }

  static String id(BulkOperation op) {
    return op.isDelete() ? op.delete().id() : op.index().id();
  }

  static long version(BulkOperation op) {
    return op.isDelete() ? op.delete().version() : op.index().version();
  }

  static RefreshResponse refreshed() {
    return RefreshResponse.of(r -> r.shards(s -> s.total(1).successful(1).failed(0)));
  }

  /** A page of search hits, complete (no shard failed, no time-out). */
  @SafeVarargs
  static SearchResponse<ObjectNode> page(Hit<ObjectNode>... hits) {
    return SearchResponse.of(
        r ->
            r.took(1)
                .timedOut(false)
                .shards(s -> s.total(1).successful(1).failed(0))
                .hits(h -> h.hits(List.of(hits))));
  }

  /**
   * A hit as a search with {@code version=true}, sorted by a keyword field whose value is the id,
   * answers it; {@code source} null as when the search asked for no source.
   */
  static Hit<ObjectNode> hit(String index, String id, long version, ObjectNode source) {
    return Hit.of(
        h -> h.index(index).id(id).version(version).sort(FieldValue.of(id)).source(source));
  }

  /** A hit of a document without the sort field: Elasticsearch answers a null sort value. */
  static Hit<ObjectNode> hitWithoutSortValue(String index, String id, long version) {
    return Hit.of(h -> h.index(index).id(id).version(version).sort(FieldValue.NULL));
  }

  /** A request Elasticsearch refused as a whole. */
  static ElasticsearchException refused(int status, String type) {
    return new ElasticsearchException(
        "es/request",
        ErrorResponse.of(r -> r.status(status).error(e -> e.type(type).reason("refused"))));
  }
}
