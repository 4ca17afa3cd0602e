package io.communitypulse.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * What an update by query does to each document it matches, registered on the sink by name with
 * {@link ElasticsearchSink.Builder#transform(String, DocumentTransform)} and named by the
 * operation's body ({@code "transform": "<name>", "params": {...}}, see {@link
 * DocumentWrite#updateByQuery}). The committer runs it on a copy of each matching document's
 * source, so it may change and return its argument.
 *
 * <p>It must be idempotent (applied to its own result it returns an equal tree): a restore can run
 * the operation again, and a document it already changed must then be left alone. It should not
 * change the operation's sort field, by which the committer pages through the matches. It is
 * serialized with the sink, so it should be a small stateless class rather than a lambda capturing
 * job objects.
 */
@FunctionalInterface
public interface DocumentTransform extends Serializable {

  /**
   * The document as it should be; null to delete it; an equal tree to leave it alone.
   *
   * @param document a copy of the stored source, free to change
   * @param params the operation's {@code params} (an empty object when it has none)
   */
  ObjectNode apply(ObjectNode document, JsonNode params);
}
