package io.communitypulse.state;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own serializer checks, for a POJO written in bulk. */
class BulkPojoSerializerTest extends SerializerTestBase<SampleRecord> {

  @Override
  protected TypeSerializer<SampleRecord> createSerializer() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return BulkTypeInfo.of(SampleRecord.class).createSerializer(config);
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<SampleRecord> getTypeClass() {
    return SampleRecord.class;
  }

  @Override
  protected SampleRecord[] getTestData() {
    SampleRecord nulls = new SampleRecord();
    nulls.tags = null;
    nulls.counts = null;
    return new SampleRecord[] {
      SampleRecord.of("m-1", 1_700_000_000_000L, "java", "flink", "java"),
      SampleRecord.of("m-ü-日本", -1L),
      SampleRecord.of("", Long.MAX_VALUE, "x".repeat(70_000)),
      nulls,
    };
  }
}
