package io.communitypulse.ingest;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link SeenEventIds}: the pending prune timer, the number of ids, then per id its
 * 128-bit hash and the time of its latest kept sighting (24 bytes an id). The table's free slots
 * are not written; reading rebuilds the table. {@link DuplicateAndLateFilter} wraps it in {@link
 * io.communitypulse.state.BulkWritingSerializer}, so a key's entries reach the checkpoint stream in
 * one write.
 */
public final class SeenEventIdsSerializer extends TypeSerializerSingleton<SeenEventIds> {
  private static final long serialVersionUID = 1L;

  static final SeenEventIdsSerializer INSTANCE = new SeenEventIdsSerializer();

  private static final int ENTRY_LONGS = 3;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public SeenEventIds createInstance() {
    return new SeenEventIds();
  }

  @Override
  public SeenEventIds copy(SeenEventIds from) {
    return from.copy();
  }

  @Override
  public SeenEventIds copy(SeenEventIds from, SeenEventIds reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SeenEventIds ids, DataOutputView target) throws IOException {
    target.writeLong(ids.pruneAt());
    target.writeInt(ids.size());
    ids.forEach(
        (hi, lo, seenAt) -> {
          target.writeLong(hi);
          target.writeLong(lo);
          target.writeLong(seenAt);
        });
  }

  @Override
  public SeenEventIds deserialize(DataInputView source) throws IOException {
    long pruneAt = source.readLong();
    int size = source.readInt();
    if (size < 0) {
      throw new IOException("Corrupt state: " + size + " event ids");
    }
    SeenEventIds ids = new SeenEventIds(size);
    ids.pruneAt(pruneAt);
    for (int i = 0; i < size; i++) {
      ids.put(source.readLong(), source.readLong(), source.readLong());
    }
    return ids;
  }

  @Override
  public SeenEventIds deserialize(SeenEventIds reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeLong(source.readLong());
    int size = source.readInt();
    target.writeInt(size);
    for (long i = 0; i < (long) size * ENTRY_LONGS; i++) {
      target.writeLong(source.readLong());
    }
  }

  @Override
  public TypeSerializerSnapshot<SeenEventIds> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed (a new one would come with a new version). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeenEventIds> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
