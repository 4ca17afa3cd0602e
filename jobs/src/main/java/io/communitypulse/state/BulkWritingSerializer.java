package io.communitypulse.state;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a value with another serializer into a private buffer and hands the target its length
 * and bytes in one bulk {@code write(byte[], int, int)}.
 *
 * <p>Why: Flink's heap state backend writes a checkpoint through a {@code
 * DataOutputViewStreamWrapper}, a {@code java.io.DataOutputStream} whose {@code write(int)} is
 * {@code synchronized} on JDK 17, while {@code StringValue.writeString}, the POJO, map and list
 * serializers write field by field and strings char by char. Profiles of the job showed a fifth of
 * all CPU in {@code DataOutputStream.write(int)}, one lock per byte of state. Here the inner
 * serializer writes into a {@link DataOutputSerializer} (a plain byte array) instead, and the
 * stream sees one call per value. Reading is the mirror image: the length, the bytes in one {@code
 * readFully}, then decoding from a {@link DataInputDeserializer}.
 *
 * <p>Wire format: the value's length as an unsigned LEB128 varint (1 byte below 128), then the
 * inner serializer's bytes. This is a different state format from the inner serializer's own, so
 * its {@link BulkWritingSerializerSnapshot} treats state written by the bare inner serializer
 * (before the wrapper was introduced) as compatible after migration: the heap backend, which
 * deserializes all state on restore, then reads it with the old serializer and writes it with this
 * one. RocksDB cannot migrate map keys, so there such a restore fails.
 *
 * <p>Instances hold buffers, so they are stateful: {@link #duplicate()} always returns a new
 * instance, which Flink asks for per thread (task thread, asynchronous snapshot threads). Obtain it
 * through {@link BulkTypeInfo} in state descriptors. Strings are not framed but written by {@link
 * BulkStringSerializer} in their usual bytes, so that they can be keys.
 */
public final class BulkWritingSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** Room left in front of the value for its length: a varint of an int takes at most 5 bytes. */
  private static final int HEADER = 5;

  private static final int INITIAL_BUFFER = 256;

  /** A buffer that grew beyond this for one large value is dropped rather than kept. */
  private static final int KEEP_BUFFER_AT_MOST = 1 << 20;

  private final TypeSerializer<T> inner;

  private transient DataOutputSerializer out;
  private transient DataInputDeserializer in;
  private transient byte[] readBuffer;

  public BulkWritingSerializer(TypeSerializer<T> inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** The serializer that encodes each value. */
  public TypeSerializer<T> innerSerializer() {
    return inner;
  }

  @Override
  public boolean isImmutableType() {
    return inner.isImmutableType();
  }

  @Override
  public BulkWritingSerializer<T> duplicate() {
    return new BulkWritingSerializer<>(inner.duplicate());
  }

  @Override
  public T createInstance() {
    return inner.createInstance();
  }

  @Override
  public T copy(T from) {
    return inner.copy(from);
  }

  @Override
  public T copy(T from, T reuse) {
    return inner.copy(from, reuse);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    DataOutputSerializer buffer = out;
    if (buffer == null) {
      buffer = out = new DataOutputSerializer(INITIAL_BUFFER);
    }
    buffer.clear();
    buffer.skipBytesToWrite(HEADER);
    inner.serialize(value, buffer);
    int length = buffer.length() - HEADER;
    byte[] bytes = buffer.getSharedBuffer();
    int start = HEADER - Varints.size(length);
    Varints.write(length, bytes, start);
    target.write(bytes, start, buffer.length() - start);
    if (bytes.length > KEEP_BUFFER_AT_MOST) {
      out = null;
    }
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    DataInputDeserializer view = decode(source);
    T value = inner.deserialize(view);
    finishDecoding(view);
    return value;
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    DataInputDeserializer view = decode(source);
    T value = inner.deserialize(reuse, view);
    finishDecoding(view);
    return value;
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = Varints.read(source);
    int start = HEADER - Varints.size(length);
    byte[] bytes = readBuffer(HEADER + length);
    Varints.write(length, bytes, start);
    source.readFully(bytes, HEADER, length);
    target.write(bytes, start, HEADER + length - start);
    dropLargeReadBuffer();
  }

  /** Reads one value's bytes and points the private input view at them. */
  private DataInputDeserializer decode(DataInputView source) throws IOException {
    int length = Varints.read(source);
    byte[] bytes = readBuffer(length);
    source.readFully(bytes, 0, length);
    DataInputDeserializer view = in;
    if (view == null) {
      view = in = new DataInputDeserializer();
    }
    view.setBuffer(bytes, 0, length);
    return view;
  }

  private void finishDecoding(DataInputDeserializer view) throws IOException {
    int left = view.available();
    view.releaseArrays();
    dropLargeReadBuffer();
    if (left != 0) {
      throw new IOException(
          inner.getClass().getSimpleName() + " left " + left + " bytes of a value unread");
    }
  }

  private byte[] readBuffer(int length) {
    byte[] bytes = readBuffer;
    if (bytes == null || bytes.length < length) {
      bytes = readBuffer = new byte[Math.max(length, INITIAL_BUFFER)];
    }
    return bytes;
  }

  private void dropLargeReadBuffer() {
    if (readBuffer.length > KEEP_BUFFER_AT_MOST) {
      readBuffer = null;
    }
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof BulkWritingSerializer<?> other && inner.equals(other.inner);
  }

  @Override
  public int hashCode() {
    return 31 * inner.hashCode() + 0x42;
  }

  @Override
  public String toString() {
    return "BulkWritingSerializer(" + inner + ")";
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new BulkWritingSerializerSnapshot<>(this);
  }
}
