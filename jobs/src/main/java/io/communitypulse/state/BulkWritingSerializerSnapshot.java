package io.communitypulse.state;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The snapshot of a {@link BulkWritingSerializer}: the inner serializer's snapshot, nested, so that
 * restoring and schema evolution of the inner type (a POJO gaining a field) work as they would
 * without the wrapper.
 *
 * <p>State written by the bare inner serializer, from a savepoint taken before the wrapper was
 * introduced, is reported <em>compatible after migration</em> when the inner serializer accepts it:
 * the backend reads it with the old serializer and writes it from then on in the wrapped format.
 * The heap backend does this for all state; RocksDB refuses to migrate map keys.
 */
public final class BulkWritingSerializerSnapshot<T>
    extends CompositeTypeSerializerSnapshot<T, BulkWritingSerializer<T>> {

  private static final int VERSION = 1;

  /** For Flink, which instantiates snapshots reflectively before reading them. */
  public BulkWritingSerializerSnapshot() {}

  BulkWritingSerializerSnapshot(BulkWritingSerializer<T> serializer) {
    super(serializer);
  }

  @Override
  protected int getCurrentOuterSnapshotVersion() {
    return VERSION;
  }

  @Override
  protected TypeSerializer<?>[] getNestedSerializers(BulkWritingSerializer<T> outer) {
    return new TypeSerializer<?>[] {outer.innerSerializer()};
  }

  @Override
  @SuppressWarnings("unchecked")
  protected BulkWritingSerializer<T> createOuterSerializerWithNestedSerializers(
      TypeSerializer<?>[] nested) {
    return new BulkWritingSerializer<>((TypeSerializer<T>) nested[0]);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> oldSnapshot) {
    if (oldSnapshot instanceof BulkWritingSerializerSnapshot) {
      return super.resolveSchemaCompatibility(oldSnapshot);
    }
    // Written by the bare inner serializer, before the wrapper existed.
    TypeSerializerSnapshot<T> inner = (TypeSerializerSnapshot<T>) getNestedSerializerSnapshots()[0];
    return inner.resolveSchemaCompatibility(oldSnapshot).isIncompatible()
        ? TypeSerializerSchemaCompatibility.incompatible()
        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
  }
}
