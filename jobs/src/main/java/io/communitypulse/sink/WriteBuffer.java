package io.communitypulse.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes waiting for the next checkpoint, at most one per document ({@code index}, {@code id}):
 * a burst of updates to one session or member becomes a single write of its newest state.
 *
 * <p>The write with the highest version wins; on equal versions the later arrival wins. Not
 * thread-safe: only the writer's task thread uses it.
 */
final class WriteBuffer {

  private record Key(String index, String id) {}

  private final Map<Key, DocumentWrite> writes = new LinkedHashMap<>();

  /**
   * Buffers a newly arrived write.
   *
   * @return how many writes this made redundant (0 or 1): the older buffered state, or this one
   *     when a strictly newer state is already buffered
   */
  int add(DocumentWrite write) {
    Key key = new Key(write.index, write.id);
    DocumentWrite buffered = writes.get(key);
    if (buffered == null) {
      writes.put(key, write);
      return 0;
    }
    if (buffered.version <= write.version) {
      writes.put(key, write);
    }
    return 1;
  }

  /** Takes every buffered write out, oldest first. */
  List<DocumentWrite> drain() {
    List<DocumentWrite> batch = new ArrayList<>(writes.values());
    writes.clear();
    return batch;
  }

  int size() {
    return writes.size();
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }
}
