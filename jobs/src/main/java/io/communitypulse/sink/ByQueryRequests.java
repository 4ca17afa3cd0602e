package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.Conflicts;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.DeleteByQueryRequest;
import co.elastic.clients.elasticsearch.core.UpdateByQueryRequest;
import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a by-query {@link DocumentWrite} into the client's request: its body as the stage built it,
 * on its index, with {@code conflicts=proceed} (a document changed since the query's snapshot was
 * changed by a write that the operation need not undo: another writer's, or a later one), {@code
 * refresh=true} (what follows sees the result) and {@code wait_for_completion=true} (the committer
 * moves on only once the operation is done, so it stays a barrier).
 *
 * <p>The query spares the documents that the same batch writes again after the operation. Their
 * later write replaces whatever the operation would do to them, so the end state is the same; but
 * when a restore commits the batch again, the operation would otherwise hit their newer state: a
 * delete or update by query writes with internal versions, leaving the document at its external
 * version + 1, so the re-sent write would then be refused as stale and the document lost.
 *
 * <p>The body is parsed here, unlike a document's source, because the client's request types carry
 * a query rather than bytes; a body that does not parse, or has no query, fails here with an {@link
 * IllegalArgumentException}. Without a query an update by query would change every document, which
 * no stage means to do.
 */
final class ByQueryRequests {

  private ByQueryRequests() {}

  /**
   * @param rewrittenLater ids of documents of the operation's index that the batch writes after it
   */
  static DeleteByQueryRequest deleteByQuery(DocumentWrite op, Collection<String> rewrittenLater) {
    DeleteByQueryRequest parsed =
        parse(op, () -> DeleteByQueryRequest.of(r -> r.withJson(body(op)).index(op.index)));
    Query query = sparing(parsed.query(), rewrittenLater);
    return DeleteByQueryRequest.of(
        r ->
            r.withJson(body(op))
                .index(op.index)
                .query(query)
                .conflicts(Conflicts.Proceed)
                .refresh(true)
                .waitForCompletion(true));
  }

  /**
   * @param rewrittenLater ids of documents of the operation's index that the batch writes after it
   */
  static UpdateByQueryRequest updateByQuery(DocumentWrite op, Collection<String> rewrittenLater) {
    UpdateByQueryRequest parsed =
        parse(op, () -> UpdateByQueryRequest.of(r -> r.withJson(body(op)).index(op.index)));
    Query query = sparing(parsed.query(), rewrittenLater);
    return UpdateByQueryRequest.of(
        r ->
            r.withJson(body(op))
                .index(op.index)
                .query(query)
                .conflicts(Conflicts.Proceed)
                .refresh(true)
                .waitForCompletion(true));
  }

  private static Query sparing(Query query, Collection<String> rewrittenLater) {
    if (query == null) {
      throw new IllegalArgumentException("its body has no query");
    }
    if (rewrittenLater.isEmpty()) {
      return query;
    }
    List<String> ids = List.copyOf(rewrittenLater);
    return Query.of(q -> q.bool(b -> b.must(query).mustNot(n -> n.ids(i -> i.values(ids)))));
  }

  private static ByteArrayInputStream body(DocumentWrite op) {
    return new ByteArrayInputStream(op.source);
  }

  private static <T> T parse(DocumentWrite op, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "its body is not a valid " + op.kind() + " request (" + e.getMessage() + ")", e);
    }
  }
}
