package io.communitypulse.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes waiting for the next bulk request, at most one per document ({@code index}, {@code
 * id}): a burst of updates to one session or member becomes a single write of its newest state.
 *
 * <p>The write with the highest version wins; on equal versions the later arrival wins. A write put
 * back for a retry has arrived earlier than anything buffered meanwhile, so it yields to a buffered
 * write of the same or a higher version. Not thread-safe: only the writer's task thread uses it.
 */
final class WriteBuffer {

  private record Key(String index, String id) {}

  private final Map<Key, DocumentWrite> writes = new LinkedHashMap<>();
  private long bytes;

  /**
   * Buffers a newly arrived write.
   *
   * @return how many writes this made redundant (0 or 1): the older buffered state, or this one
   *     when a strictly newer state is already buffered
   */
  int add(DocumentWrite write) {
    return merge(write, false);
  }

  /** Puts back a write whose bulk item must be retried; returns 1 if a newer write replaces it. */
  int addRetry(DocumentWrite write) {
    return merge(write, true);
  }

  private int merge(DocumentWrite write, boolean isRetry) {
    Key key = new Key(write.index, write.id);
    DocumentWrite buffered = writes.get(key);
    if (buffered == null) {
      writes.put(key, write);
      bytes += BulkOperationConverter.estimatedBytes(write);
      return 0;
    }
    boolean keepBuffered =
        isRetry ? buffered.version >= write.version : buffered.version > write.version;
    if (!keepBuffered) {
      writes.put(key, write);
      bytes += BulkOperationConverter.estimatedBytes(write);
      bytes -= BulkOperationConverter.estimatedBytes(buffered);
    }
    return 1;
  }

  /** Takes every buffered write out, oldest first. */
  List<DocumentWrite> drain() {
    List<DocumentWrite> batch = new ArrayList<>(writes.values());
    writes.clear();
    bytes = 0;
    return batch;
  }

  int size() {
    return writes.size();
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }

  /** Estimated size of the bulk request body these writes make. */
  long bytes() {
    return bytes;
  }
}
