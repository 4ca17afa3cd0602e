package io.communitypulse.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes waiting for the next checkpoint, in segments separated by by-query operations: within
 * a segment at most one write per document ({@code index}, {@code id}), so a burst of updates to
 * one session or member becomes a single write of its newest state; across a by-query operation
 * nothing moves, because the operation must see exactly the writes that arrived before it.
 *
 * <p>Within a segment the write with the highest version wins; on equal versions the later arrival
 * wins. A by-query operation identical to the one that closed the last segment (same kind, index,
 * label and body, as when several upstream subtasks emit the same erasure) replaces it: the two
 * segments around the earlier one merge and the later one closes them. The end state is the same,
 * since everything the earlier one would have changed the later one changes too (by-query scripts
 * are idempotent). Not thread-safe: only the writer's task thread uses it.
 */
final class WriteBuffer {

  private record Key(String index, String id) {}

  /** Document writes, one per document, and the by-query operation after them, if any. */
  private static final class Segment {
    final Map<Key, DocumentWrite> writes = new LinkedHashMap<>();
    DocumentWrite barrier;
  }

  /** Oldest first; the last one is open (no barrier yet). */
  private final List<Segment> segments = new ArrayList<>(List.of(new Segment()));

  private int size;

  /**
   * Buffers a newly arrived write.
   *
   * @return how many writes this made redundant: for a document write 0 or 1 (the older buffered
   *     state, or this one when a strictly newer state is already buffered); for a by-query
   *     operation 1 for the identical operation it replaces plus the document writes that the merge
   *     of the segments around it made redundant, else 0
   */
  int add(DocumentWrite write) {
    Segment open = segments.get(segments.size() - 1);
    if (!write.isByQuery()) {
      return addDocument(open, write);
    }
    if (segments.size() == 1 || !identical(segments.get(segments.size() - 2).barrier, write)) {
      open.barrier = write;
      segments.add(new Segment());
      size++;
      return 0;
    }
    Segment previous = segments.get(segments.size() - 2);
    int redundant = 1;
    size--;
    for (DocumentWrite document : open.writes.values()) {
      size--;
      redundant += addDocument(previous, document);
    }
    open.writes.clear();
    previous.barrier = write;
    size++;
    return redundant;
  }

  private int addDocument(Segment segment, DocumentWrite write) {
    Key key = new Key(write.index, write.id);
    DocumentWrite buffered = segment.writes.get(key);
    if (buffered == null) {
      segment.writes.put(key, write);
      size++;
      return 0;
    }
    if (buffered.version <= write.version) {
      segment.writes.put(key, write);
    }
    return 1;
  }

  private static boolean identical(DocumentWrite a, DocumentWrite b) {
    return a.kind() == b.kind()
        && a.index.equals(b.index)
        && a.id.equals(b.id)
        && Arrays.equals(a.source, b.source);
  }

  /** Takes every buffered write out, in the order they must be applied. */
  List<DocumentWrite> drain() {
    List<DocumentWrite> batch = new ArrayList<>(size);
    for (Segment segment : segments) {
      batch.addAll(segment.writes.values());
      if (segment.barrier != null) {
        batch.add(segment.barrier);
      }
    }
    segments.clear();
    segments.add(new Segment());
    size = 0;
    return batch;
  }

  /** Buffered document writes and by-query operations. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
