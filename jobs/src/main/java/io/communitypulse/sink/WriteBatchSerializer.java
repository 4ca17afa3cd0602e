package io.communitypulse.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Stores a {@link WriteBatch} in checkpoints. Version 1: the number of writes, then per write its
 * index, id, version, source (length, -1 for a delete, then the bytes) and community id (or none).
 * A new layout must get a new version and keep reading version 1, or restoring a checkpoint taken
 * by the previous release fails.
 */
final class WriteBatchSerializer implements SimpleVersionedSerializer<WriteBatch> {

  static final WriteBatchSerializer INSTANCE = new WriteBatchSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(WriteBatch batch) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(batch.writes().size());
      for (DocumentWrite write : batch.writes()) {
        out.writeUTF(write.index);
        out.writeUTF(write.id);
        out.writeLong(write.version);
        if (write.source == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(write.source.length);
          out.write(write.source);
        }
        out.writeBoolean(write.communityId != null);
        if (write.communityId != null) {
          out.writeUTF(write.communityId);
        }
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public WriteBatch deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown WriteBatch serializer version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int size = in.readInt();
      List<DocumentWrite> writes = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        String index = in.readUTF();
        String id = in.readUTF();
        long documentVersion = in.readLong();
        int length = in.readInt();
        byte[] source = null;
        if (length >= 0) {
          source = new byte[length];
          in.readFully(source);
        }
        String communityId = in.readBoolean() ? in.readUTF() : null;
        writes.add(DocumentWrite.upsert(index, id, documentVersion, source, communityId));
      }
      return new WriteBatch(writes);
    }
  }
}
