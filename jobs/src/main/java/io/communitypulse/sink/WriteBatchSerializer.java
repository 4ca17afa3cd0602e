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
 * Stores a {@link WriteBatch} in checkpoints. Version 2: the number of writes, then per write its
 * kind (one byte: 0 document, 1 delete by query, 2 update by query), index, id, version, source
 * (length, -1 for a delete, then the bytes) and community id (or none). Version 1, written before
 * by-query operations existed, is the same without the kind byte and still read, every write as a
 * document, so a checkpoint taken by the previous release restores. A new layout must get a new
 * version and keep reading the old ones.
 */
final class WriteBatchSerializer implements SimpleVersionedSerializer<WriteBatch> {

  static final WriteBatchSerializer INSTANCE = new WriteBatchSerializer();

  /** The layout without the kind: only documents. */
  static final int VERSION_1 = 1;

  private static final int VERSION = 2;

  // Stable codes, independent of the enum's declaration order.
  private static final byte DOCUMENT = 0;
  private static final byte DELETE_BY_QUERY = 1;
  private static final byte UPDATE_BY_QUERY = 2;

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
        out.writeByte(code(write.kind()));
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
    if (version != VERSION && version != VERSION_1) {
      throw new IOException("Unknown WriteBatch serializer version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int size = in.readInt();
      List<DocumentWrite> writes = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        DocumentWrite.Kind kind = version == VERSION_1 ? DocumentWrite.Kind.DOCUMENT : kind(in);
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
        DocumentWrite write = DocumentWrite.upsert(index, id, documentVersion, source, communityId);
        write.kind = kind;
        writes.add(write);
      }
      return new WriteBatch(writes);
    }
  }

  private static byte code(DocumentWrite.Kind kind) {
    return switch (kind) {
      case DOCUMENT -> DOCUMENT;
      case DELETE_BY_QUERY -> DELETE_BY_QUERY;
      case UPDATE_BY_QUERY -> UPDATE_BY_QUERY;
    };
  }

  private static DocumentWrite.Kind kind(DataInputStream in) throws IOException {
    byte code = in.readByte();
    return switch (code) {
      case DOCUMENT -> DocumentWrite.Kind.DOCUMENT;
      case DELETE_BY_QUERY -> DocumentWrite.Kind.DELETE_BY_QUERY;
      case UPDATE_BY_QUERY -> DocumentWrite.Kind.UPDATE_BY_QUERY;
      default -> throw new IOException("Unknown DocumentWrite kind code " + code);
    };
  }
}
