package io.communitypulse.state;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own serializer checks, for the bulk string type used for keys. */
class BulkStringSerializerTest extends SerializerTestBase<String> {

  @Override
  protected TypeSerializer<String> createSerializer() {
    return BulkTypeInfo.STRING.createSerializer(new SerializerConfigImpl());
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<String> getTypeClass() {
    return String.class;
  }

  @Override
  protected String[] getTestData() {
    return new String[] {
      "acme/dev-1", "", "a", "ü€𝄞 mixed", "k".repeat(127), "k".repeat(128), "z".repeat(300_000)
    };
  }
}
