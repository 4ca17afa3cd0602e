package io.communitypulse.sink;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;

/**
 * Turns one {@link DocumentWrite} into one bulk operation: an {@code index} of the whole document,
 * or a {@code delete}, always with {@code version_type=external} and the write's version, so
 * Elasticsearch itself refuses a state older than the one it holds (a 409 the committer then counts
 * as a skipped stale write).
 *
 * <p>The source bytes go to Elasticsearch untouched ({@link BinaryData}): the stage that built the
 * document already serialized it, and parsing it again here would cost CPU for nothing.
 */
final class BulkOperationConverter {

  // The action line around each document: {"index":{"_index":"…","_id":"…","version":…,
  // "version_type":"external"}} plus two newlines; a close upper bound, used only for batching.
  private static final int ACTION_OVERHEAD_BYTES = 96;

  private BulkOperationConverter() {}

  static BulkOperation toOperation(DocumentWrite write) {
    if (write.isDelete()) {
      return BulkOperation.of(
          op ->
              op.delete(
                  d ->
                      d.index(write.index)
                          .id(write.id)
                          .version(write.version)
                          .versionType(VersionType.External)));
    }
    BinaryData source = BinaryData.of(write.source, ContentType.APPLICATION_JSON);
    return BulkOperation.of(
        op ->
            op.index(
                i ->
                    i.index(write.index)
                        .id(write.id)
                        .version(write.version)
                        .versionType(VersionType.External)
                        .document(source)));
  }

  /** About how many bytes the write adds to a bulk request body. */
  static long estimatedBytes(DocumentWrite write) {
    long source = write.source == null ? 0 : write.source.length;
    return source + write.index.length() + write.id.length() + ACTION_OVERHEAD_BYTES;
  }
}
