package io.communitypulse.state;

import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A type whose values Flink serializes with {@link BulkWritingSerializer} around the serializer of
 * another type: for state descriptors (values, map keys and values) and key types, so that a
 * checkpoint writes each value in one bulk call instead of byte by byte (see {@link
 * BulkWritingSerializer} for why that matters).
 *
 * <p>The serializer is created from the wrapped type with the job's {@link SerializerConfig}, so
 * {@code pipeline.generic-types: false} still applies: a type that would need Kryo fails as it
 * would unwrapped. Changing a value descriptor to this type changes its state format (a length in
 * front of each value); see {@link BulkWritingSerializerSnapshot} for restoring older savepoints.
 * Strings are the exception: {@link #STRING} keeps their format.
 *
 * <p>The type is atomic to Flink (no fields to address): use it for state and whole-value keys, not
 * for field expressions. As a key type it must wrap a type with a value-based {@code hashCode}
 * (checks Flink makes on POJO keys do not see through the wrapper).
 */
public final class BulkTypeInfo<T> extends AtomicTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  /**
   * Strings, e.g. the {@code community/...} keys, otherwise written one char per call: in {@code
   * StringSerializer}'s own bytes ({@link BulkStringSerializer}), so switching a key type or map
   * key from {@code Types.STRING} to this keeps savepoints compatible.
   */
  public static final BulkTypeInfo<String> STRING = new BulkTypeInfo<>(Types.STRING);

  private final TypeInformation<T> inner;

  private BulkTypeInfo(TypeInformation<T> inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** The type Flink extracts for {@code type} (a POJO, an Avro record...), written in bulk. */
  public static <T> BulkTypeInfo<T> of(Class<T> type) {
    return of(TypeInformation.of(type));
  }

  /** {@code inner}, written in bulk. */
  public static <T> BulkTypeInfo<T> of(TypeInformation<T> inner) {
    return inner instanceof BulkTypeInfo<T> bulk ? bulk : new BulkTypeInfo<>(inner);
  }

  /** The wrapped type. */
  public TypeInformation<T> innerType() {
    return inner;
  }

  @Override
  public Class<T> getTypeClass() {
    return inner.getTypeClass();
  }

  @Override
  public Map<String, TypeInformation<?>> getGenericParameters() {
    return inner.getGenericParameters();
  }

  @Override
  public boolean isKeyType() {
    return inner.isKeyType();
  }

  /** Strings get {@link BulkStringSerializer} (their usual bytes); other types are framed. */
  @Override
  @SuppressWarnings("unchecked")
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    if (inner.equals(Types.STRING)) {
      return (TypeSerializer<T>) new BulkStringSerializer();
    }
    return new BulkWritingSerializer<>(inner.createSerializer(config));
  }

  @Override
  public String toString() {
    return "Bulk<" + inner + ">";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof BulkTypeInfo<?> other
        && other.canEqual(this)
        && inner.equals(other.inner);
  }

  @Override
  public int hashCode() {
    return 31 * inner.hashCode() + 0x42;
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof BulkTypeInfo;
  }
}
