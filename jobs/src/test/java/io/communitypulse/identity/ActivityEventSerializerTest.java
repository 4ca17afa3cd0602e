package io.communitypulse.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.state.SerializerTypeInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.EnumTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's own serializer checks for the hand-written {@link ActivityEventSerializer}. */
class ActivityEventSerializerTest extends SerializerTestBase<ActivityEvent> {

  @Override
  protected TypeSerializer<ActivityEvent> createSerializer() {
    return ActivityEventSerializer.INSTANCE;
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<ActivityEvent> getTypeClass() {
    return ActivityEvent.class;
  }

  @Override
  protected ActivityEvent[] getTestData() {
    ActivityEvent full = new ActivityEvent();
    full.communityId = "acme";
    full.actor = "m-ada";
    full.memberId = "m-ada";
    full.anonymousId = "d-7f3a";
    full.eventId = "e-1";
    full.occurredAt = 1_767_225_600_123L;
    full.type = ActivityType.CONVERSION;
    full.url = "/shop/checkout?ref=m-bo";
    full.referrer = "https://www.linkedin.com/feed/";
    full.referredBy = "m-bo";
    full.conversionValue = 49.5;
    full.contentId = "c-1";
    full.parentContentId = "c-0";
    full.targetMemberId = "m-cy";
    full.network = "linkedin";

    ActivityEvent retraction = full.asRetraction();
    retraction.type = ActivityType.SHARE;
    retraction.conversionValue = Double.NaN;

    ActivityEvent bare = new ActivityEvent();

    ActivityEvent unicodeAndLong = new ActivityEvent();
    unicodeAndLong.communityId = "café-日本";
    unicodeAndLong.anonymousId = "x".repeat(33_000);
    unicodeAndLong.url = "";
    unicodeAndLong.occurredAt = Long.MIN_VALUE;
    unicodeAndLong.type = ActivityType.PAGE_VIEW;
    return new ActivityEvent[] {full, retraction, bare, unicodeAndLong};
  }

  @Test
  void stateThePojoSerializerWroteIsReadAndMigrated() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    @SuppressWarnings("unchecked")
    TypeSerializer<ActivityEvent> pojo =
        (TypeSerializer<ActivityEvent>)
            new PojoTypeInfo<>(ActivityEvent.class, pojoFields()).createSerializer(config);
    assertThat(pojo).isInstanceOf(PojoSerializer.class);
    TypeSerializerSnapshot<ActivityEvent> old = pojo.snapshotConfiguration();

    assertThat(
            ActivityEventSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old)
                .isCompatibleAfterMigration())
        .isTrue();
    // What migration does: read with the old serializer, write with the new.
    ActivityEvent event = getTestData()[0];
    DataOutputSerializer written = new DataOutputSerializer(256);
    pojo.serialize(event, written);
    ActivityEvent read =
        old.restoreSerializer().deserialize(new DataInputDeserializer(written.getCopyOfBuffer()));
    assertThat(read).isEqualTo(event);
  }

  /** The fields Flink's POJO analysis found for ActivityEvent before it had its own serializer. */
  private static List<PojoField> pojoFields() {
    List<PojoField> fields = new ArrayList<>();
    for (Field f : ActivityEvent.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      TypeInformation<?> type =
          f.getType() == ActivityType.class
              ? new EnumTypeInfo<>(ActivityType.class)
              : TypeExtractor.createTypeInfo(f.getType());
      fields.add(new PojoField(f, type));
    }
    return fields;
  }

  @Test
  void flinkUsesItForActivityEventsEverywhereAndPojosHoldingOneStayPojos() {
    assertThat(TypeInformation.of(ActivityEvent.class)).isInstanceOf(SerializerTypeInfo.class);
    PojoTypeInfo<StitchedClick> holder =
        (PojoTypeInfo<StitchedClick>) TypeInformation.of(StitchedClick.class);
    assertThat(holder.getTypeAt("event")).isInstanceOf(SerializerTypeInfo.class);
  }
}
