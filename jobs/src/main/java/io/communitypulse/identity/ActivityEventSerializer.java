package io.communitypulse.identity;

import io.communitypulse.state.CompactStrings;
import io.communitypulse.state.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link ActivityEvent}, the type every event takes from identity to the
 * session stage and that the session and identity stages keep in state: a null mask, then the
 * fields in a fixed order, strings as {@link CompactStrings}. Hand-written because the POJO
 * serializer (reflection, a call per character of each of its up to twelve strings) made up most of
 * the job's checkpoint and network work.
 *
 * <p>Format version 1. The type is written as its ordinal: new {@link ActivityType} constants go at
 * the end, and a change of fields needs a new snapshot version that reads the old format.
 */
public final class ActivityEventSerializer extends TypeSerializerSingleton<ActivityEvent> {
  private static final long serialVersionUID = 1L;

  public static final ActivityEventSerializer INSTANCE = new ActivityEventSerializer();

  private static final ActivityType[] TYPES = ActivityType.values();

  // Bits of the presence mask.
  private static final int TYPE = 1;
  private static final int CONVERSION_VALUE = 1 << 1;
  private static final int RETRACTION = 1 << 2;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public ActivityEvent createInstance() {
    return new ActivityEvent();
  }

  @Override
  public ActivityEvent copy(ActivityEvent from) {
    return from.copy();
  }

  @Override
  public ActivityEvent copy(ActivityEvent from, ActivityEvent reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ActivityEvent e, DataOutputView out) throws IOException {
    int mask =
        (e.type != null ? TYPE : 0)
            | (e.conversionValue != null ? CONVERSION_VALUE : 0)
            | (e.retraction ? RETRACTION : 0);
    out.writeByte(mask);
    out.writeLong(e.occurredAt);
    if (e.type != null) {
      out.writeByte(e.type.ordinal());
    }
    if (e.conversionValue != null) {
      out.writeDouble(e.conversionValue);
    }
    CompactStrings.write(e.communityId, out);
    CompactStrings.write(e.actor, out);
    CompactStrings.write(e.memberId, out);
    CompactStrings.write(e.anonymousId, out);
    CompactStrings.write(e.eventId, out);
    CompactStrings.write(e.url, out);
    CompactStrings.write(e.referrer, out);
    CompactStrings.write(e.referredBy, out);
    CompactStrings.write(e.contentId, out);
    CompactStrings.write(e.parentContentId, out);
    CompactStrings.write(e.targetMemberId, out);
    CompactStrings.write(e.network, out);
  }

  @Override
  public ActivityEvent deserialize(DataInputView in) throws IOException {
    ActivityEvent e = new ActivityEvent();
    int mask = in.readUnsignedByte();
    e.occurredAt = in.readLong();
    if ((mask & TYPE) != 0) {
      e.type = TYPES[in.readUnsignedByte()];
    }
    if ((mask & CONVERSION_VALUE) != 0) {
      e.conversionValue = in.readDouble();
    }
    e.retraction = (mask & RETRACTION) != 0;
    e.communityId = CompactStrings.read(in);
    e.actor = CompactStrings.read(in);
    e.memberId = CompactStrings.read(in);
    e.anonymousId = CompactStrings.read(in);
    e.eventId = CompactStrings.read(in);
    e.url = CompactStrings.read(in);
    e.referrer = CompactStrings.read(in);
    e.referredBy = CompactStrings.read(in);
    e.contentId = CompactStrings.read(in);
    e.parentContentId = CompactStrings.read(in);
    e.targetMemberId = CompactStrings.read(in);
    e.network = CompactStrings.read(in);
    return e;
  }

  @Override
  public ActivityEvent deserialize(ActivityEvent reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<ActivityEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Restores this serializer; its version is the format version above. State that Flink's POJO
   * serializer wrote (before this serializer existed) is compatible after migration: the backend
   * reads it with the POJO serializer and writes it again in this format.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ActivityEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<ActivityEvent> resolveSchemaCompatibility(
        TypeSerializerSnapshot<ActivityEvent> oldSnapshot) {
      if (oldSnapshot instanceof PojoSerializerSnapshot<ActivityEvent> pojo
          && pojo.restoreSerializer() instanceof PojoSerializer<ActivityEvent>) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return super.resolveSchemaCompatibility(oldSnapshot);
    }
  }

  /** Makes Flink use this serializer wherever an {@link ActivityEvent} travels or is kept. */
  public static final class Factory extends TypeInfoFactory<ActivityEvent> {
    @Override
    public TypeInformation<ActivityEvent> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new SerializerTypeInfo<>(ActivityEvent.class, INSTANCE);
    }
  }
}
