package io.communitypulse.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a string in exactly the bytes of Flink's {@link StringSerializer} ({@code
 * StringValue.writeString}: the length plus one, then each char, as 7-bit varints), but encodes
 * them into a private buffer and hands the target one bulk {@code write(byte[], int, int)} instead
 * of one {@code write(int)} per char (see {@link BulkWritingSerializer} for why).
 *
 * <p>Because the bytes are the same, its snapshot is {@code StringSerializer}'s own: state and keys
 * written by either serializer restore into the other, compatible as is. That matters for keys,
 * which Flink cannot migrate: a {@code keyBy} can switch from {@code Types.STRING} to {@link
 * BulkTypeInfo#STRING} without losing a savepoint. Reading goes through {@code
 * StringValue.readString}, as before.
 *
 * <p>Stateful (the buffer): {@link #duplicate()} returns a new instance.
 */
public final class BulkStringSerializer extends TypeSerializer<String> {
  private static final long serialVersionUID = 1L;

  private static final int HIGH_BIT = 0x80;

  /** A char takes at most 3 bytes, the length at most 5. */
  private static final int MAX_BYTES_PER_CHAR = 3;

  private static final int LENGTH_BYTES = 5;

  private static final int KEEP_BUFFER_AT_MOST = 1 << 20;

  private transient byte[] buffer;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public BulkStringSerializer duplicate() {
    return new BulkStringSerializer();
  }

  @Override
  public String createInstance() {
    return "";
  }

  @Override
  public String copy(String from) {
    return from;
  }

  @Override
  public String copy(String from, String reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(String value, DataOutputView target) throws IOException {
    if (value == null) {
      target.write(0);
      return;
    }
    int chars = value.length();
    long needed = LENGTH_BYTES + (long) MAX_BYTES_PER_CHAR * chars;
    if (needed > Integer.MAX_VALUE - 8) {
      StringValue.writeString(value, target); // too long for one buffer; same bytes
      return;
    }
    byte[] bytes = buffer;
    if (bytes == null || bytes.length < needed) {
      bytes = buffer = new byte[(int) Math.max(needed, 64)];
    }
    int at = Varints.write(chars + 1, bytes, 0);
    for (int i = 0; i < chars; i++) {
      int c = value.charAt(i);
      if (c < HIGH_BIT) {
        bytes[at++] = (byte) c;
      } else {
        at = Varints.write(c, bytes, at);
      }
    }
    target.write(bytes, 0, at);
    if (bytes.length > KEEP_BUFFER_AT_MOST) {
      buffer = null;
    }
  }

  @Override
  public String deserialize(DataInputView source) throws IOException {
    return StringValue.readString(source);
  }

  @Override
  public String deserialize(String reuse, DataInputView source) throws IOException {
    return StringValue.readString(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    StringValue.copyString(source, target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof BulkStringSerializer;
  }

  @Override
  public int hashCode() {
    return BulkStringSerializer.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "BulkStringSerializer";
  }

  /** {@code StringSerializer}'s: the bytes are the same (restores as a plain StringSerializer). */
  @Override
  public TypeSerializerSnapshot<String> snapshotConfiguration() {
    return new StringSerializer.StringSerializerSnapshot();
  }
}
