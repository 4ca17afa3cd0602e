package io.communitypulse.state;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of a class that has its own hand-written, stateless {@link TypeSerializer}
 * (used through a {@code @TypeInfo} factory on the class), so Flink uses that serializer for the
 * class everywhere: between operators, in state and in timers. An atomic type: no field
 * expressions.
 */
public final class SerializerTypeInfo<T> extends AtomicTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final TypeSerializer<T> serializer;

  public SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
    this.type = Objects.requireNonNull(type, "type");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer.duplicate();
  }

  @Override
  public String toString() {
    return type.getSimpleName() + "<" + serializer.getClass().getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof SerializerTypeInfo<?> other
        && other.canEqual(this)
        && type.equals(other.type)
        && serializer.equals(other.serializer);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + serializer.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof SerializerTypeInfo;
  }
}
