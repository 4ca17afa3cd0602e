package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A by-query {@link DocumentWrite} as the committer runs it, on the client side: its body parsed
 * once ({@link #parse}), the search request for each page of the documents it matches ({@link
 * #page}), and the bulk action for each of them ({@link #action}). Elasticsearch's own {@code
 * _delete_by_query} and {@code _update_by_query} need the reindex module and Painless, which not
 * every node has (Elastic's integ-test distribution, the test and demo node, has neither); search
 * and bulk every node serves.
 *
 * <p>Pages are sorted by the body's {@code sort} field, ascending, and follow each other with
 * {@code search_after}: no scroll or point in time to keep open or release, and no deep {@code
 * from}. That pages correctly only if the field has one value per matching document, and that value
 * is unique: two documents with the same value on either side of a page boundary would be missed.
 * Each action carries the document's current version with {@code version_type=external_gte}: the
 * operation's result keeps that version, so a newer write of the job (higher external version)
 * still replaces it, and an older one is still refused as stale; a document written since the page
 * was read has a higher version, and the action is refused with 409 rather than undoing that write.
 *
 * <p>The query spares the documents that the same batch writes again after the operation. Their
 * later write replaces whatever the operation would do to them, so the end state is the same; but
 * when a restore commits the batch again, the operation would otherwise hit their newer state,
 * deleting or rewriting it at its own version, and the re-sent write, carrying that same version,
 * would then be refused as stale: the document lost, or left as the operation made it.
 *
 * <p>A body that is not one of the two shapes of {@link DocumentWrite#deleteByQuery} and {@link
 * DocumentWrite#updateByQuery}, or that names a transform the sink does not know, fails {@link
 * #parse} with an {@link IllegalArgumentException}. Without a query an operation would change every
 * document, which no stage means to do.
 */
final class ByQueryRequests {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> DELETE_FIELDS = List.of("query", "sort");
  private static final List<String> UPDATE_FIELDS = List.of("query", "sort", "transform", "params");

  // The action line of a bulk item ({"index":{"_index":…,"_id":…,"version":…,
  // "version_type":"external_gte"}}), a close upper bound, used only for batching.
  private static final int ACTION_OVERHEAD_BYTES = 112;

  private final DocumentWrite op;
  private final Query query;
  private final String sortField;
  private final String transformName;
  private final DocumentTransform transform;
  private final JsonNode params;

  private ByQueryRequests(
      DocumentWrite op,
      Query query,
      String sortField,
      String transformName,
      DocumentTransform transform,
      JsonNode params) {
    this.op = op;
    this.query = query;
    this.sortField = sortField;
    this.transformName = transformName;
    this.transform = transform;
    this.params = params;
  }

  /**
   * @param rewrittenLater ids of documents of the operation's index that the batch writes after it
   * @param transforms the sink's transforms by name
   * @throws IllegalArgumentException when the body is not a valid operation of its kind
   */
  static ByQueryRequests parse(
      DocumentWrite op,
      Collection<String> rewrittenLater,
      Map<String, DocumentTransform> transforms) {
    boolean update = op.kind() == DocumentWrite.Kind.UPDATE_BY_QUERY;
    JsonNode body;
    try {
      body = MAPPER.readTree(op.source);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "its body is not JSON (" + e.getClass().getSimpleName() + ")", e);
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("its body is not a JSON object");
    }
    List<String> allowed = update ? UPDATE_FIELDS : DELETE_FIELDS;
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "its body has a field '" + name + "'; a " + op.kind() + " body has only " + allowed);
      }
    }
    JsonNode query = body.get("query");
    if (query == null || !query.isObject() || query.isEmpty()) {
      throw new IllegalArgumentException("its body has no query");
    }
    String sortField = text(body, "sort");
    String transformName = null;
    DocumentTransform transform = null;
    JsonNode params = MAPPER.createObjectNode();
    if (update) {
      transformName = text(body, "transform");
      transform = transforms.get(transformName);
      if (transform == null) {
        throw new IllegalArgumentException(
            "it names the transform '"
                + transformName
                + "', which the sink does not know; it knows "
                + new TreeSet<>(transforms.keySet()));
      }
      if (body.has("params")) {
        params = body.get("params");
        if (!params.isObject()) {
          throw new IllegalArgumentException("its params are not a JSON object");
        }
      }
    }
    Query parsed;
    try {
      parsed = Query.of(q -> q.withJson(new StringReader(query.toString())));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "its query is not a valid query (" + BulkItemClassifier.redact(e.getMessage()) + ")", e);
    }
    return new ByQueryRequests(
        op, sparing(parsed, rewrittenLater), sortField, transformName, transform, params);
  }

  /** True for a delete by query: every match is deleted, no source is needed. */
  boolean deletes() {
    return transform == null;
  }

  /**
   * The search for the next {@code size} matching documents after {@code after} (the sort values of
   * the last hit of the previous page; empty for the first page).
   */
  SearchRequest page(List<FieldValue> after, int size) {
    return SearchRequest.of(
        r -> {
          r.index(op.index)
              .query(query)
              .sort(s -> s.field(f -> f.field(sortField).order(SortOrder.Asc)))
              .size(size)
              .version(true)
              .trackTotalHits(t -> t.enabled(false))
              // A page missing a shard's documents would silently skip them.
              .allowPartialSearchResults(false)
              .source(s -> s.fetch(!deletes()));
          if (!after.isEmpty()) {
            r.searchAfter(after);
          }
          return r;
        });
  }

  /**
   * Where the next page starts: the sort values of {@code last}, the last hit of a full page.
   *
   * @throws IllegalArgumentException when it has none (the document lacks the sort field)
   */
  List<FieldValue> after(Hit<ObjectNode> last) {
    List<FieldValue> values = last.sort();
    if (values == null || values.isEmpty() || values.stream().anyMatch(FieldValue::isNull)) {
      throw new IllegalArgumentException(
          "a matching document has no '"
              + sortField
              + "', so the next page cannot be found; its sort field must be set, and unique,"
              + " in every document it matches");
    }
    return values;
  }

  /**
   * What to do with one matching document: delete it, index what the transform made of it, or
   * nothing (null) when the transform leaves it as it is.
   *
   * @throws IllegalArgumentException when the hit lacks its version or source, or the transform
   *     fails
   */
  Action action(Hit<ObjectNode> hit) {
    if (hit.version() == null) {
      throw new IllegalArgumentException("Elasticsearch answered a hit without its version");
    }
    long version = hit.version();
    if (deletes()) {
      return Action.delete(hit.index(), hit.id(), version);
    }
    ObjectNode stored = hit.source();
    if (stored == null) {
      throw new IllegalArgumentException(
          "Elasticsearch answered a hit without its source (is _source disabled?)");
    }
    ObjectNode result;
    try {
      result = transform.apply(stored.deepCopy(), params);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the transform '" + transformName + "' failed (" + e.getClass().getSimpleName() + ")", e);
    }
    if (result == null) {
      return Action.delete(hit.index(), hit.id(), version);
    }
    if (result.equals(stored)) {
      return null;
    }
    byte[] source;
    try {
      source = MAPPER.writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the transform '" + transformName + "' made a document that is not JSON", e);
    }
    return Action.index(hit.index(), hit.id(), version, source);
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("its body has no '" + field + "' (a non-blank string)");
    }
    return value.asText();
  }

  private static Query sparing(Query query, Collection<String> rewrittenLater) {
    if (rewrittenLater.isEmpty()) {
      return query;
    }
    List<String> ids = List.copyOf(rewrittenLater);
    return Query.of(q -> q.bool(b -> b.must(query).mustNot(n -> n.ids(i -> i.values(ids)))));
  }

  /**
   * One bulk item of an operation: the delete of a matching document or the index of its new
   * source, at the version it had when it was read.
   */
  record Action(BulkOperation operation, boolean isDelete, String index, String id, long bytes) {

    static Action delete(String index, String id, long version) {
      BulkOperation delete =
          BulkOperation.of(
              b ->
                  b.delete(
                      d ->
                          d.index(index)
                              .id(id)
                              .version(version)
                              .versionType(VersionType.ExternalGte)));
      return new Action(delete, true, index, id, overhead(index, id));
    }

    static Action index(String index, String id, long version, byte[] source) {
      BinaryData document = BinaryData.of(source, ContentType.APPLICATION_JSON);
      BulkOperation write =
          BulkOperation.of(
              b ->
                  b.index(
                      i ->
                          i.index(index)
                              .id(id)
                              .version(version)
                              .versionType(VersionType.ExternalGte)
                              .document(document)));
      return new Action(write, false, index, id, overhead(index, id) + source.length);
    }

    private static long overhead(String index, String id) {
      return index.length() + id.length() + ACTION_OVERHEAD_BYTES;
    }
  }
}
