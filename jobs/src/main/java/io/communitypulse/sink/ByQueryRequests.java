package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.Conflicts;
import co.elastic.clients.elasticsearch.core.DeleteByQueryRequest;
import co.elastic.clients.elasticsearch.core.UpdateByQueryRequest;
import java.io.ByteArrayInputStream;

/**
 * Turns a by-query {@link DocumentWrite} into the client's request: its body as the stage built it,
 * on its index, with {@code conflicts=proceed} (a document changed since the query's snapshot was
 * changed by a write that the operation need not undo: another writer's, or a later one), {@code
 * refresh=true} (what follows sees the result) and {@code wait_for_completion=true} (the committer
 * moves on only once the operation is done, so it stays a barrier).
 *
 * <p>The body is parsed here, unlike a document's source, because the client's request types carry
 * a query rather than bytes; a body that does not parse, or has no query, fails here with an {@link
 * IllegalArgumentException}. Without a query an update by query would change every document, which
 * no stage means to do.
 */
final class ByQueryRequests {

  private ByQueryRequests() {}

  static DeleteByQueryRequest deleteByQuery(DocumentWrite op) {
    DeleteByQueryRequest request;
    try {
      request =
          DeleteByQueryRequest.of(
              r ->
                  r.withJson(new ByteArrayInputStream(op.source))
                      .index(op.index)
                      .conflicts(Conflicts.Proceed)
                      .refresh(true)
                      .waitForCompletion(true));
    } catch (RuntimeException e) {
      throw unreadable(op, e);
    }
    if (request.query() == null) {
      throw new IllegalArgumentException("its body has no query");
    }
    return request;
  }

  static UpdateByQueryRequest updateByQuery(DocumentWrite op) {
    UpdateByQueryRequest request;
    try {
      request =
          UpdateByQueryRequest.of(
              r ->
                  r.withJson(new ByteArrayInputStream(op.source))
                      .index(op.index)
                      .conflicts(Conflicts.Proceed)
                      .refresh(true)
                      .waitForCompletion(true));
    } catch (RuntimeException e) {
      throw unreadable(op, e);
    }
    if (request.query() == null) {
      throw new IllegalArgumentException("its body has no query");
    }
    return request;
  }

  private static IllegalArgumentException unreadable(DocumentWrite op, RuntimeException e) {
    return new IllegalArgumentException(
        "its body is not a valid " + op.kind() + " request (" + e.getMessage() + ")", e);
  }
}
