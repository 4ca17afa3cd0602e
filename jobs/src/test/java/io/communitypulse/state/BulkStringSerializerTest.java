package io.communitypulse.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's own serializer checks for the bulk string serializer (keys), and its format. */
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

  /**
   * Replaces the base check that the snapshot restores the same class: by design it restores a
   * plain {@link StringSerializer} (same bytes), compatible as is in both directions.
   */
  @Override
  @Test
  protected void testSnapshotConfigurationAndReconfigure() throws Exception {
    TypeSerializerSnapshot<String> restored = writeAndRead(getSerializer().snapshotConfiguration());
    TypeSerializerSnapshot<String> bare = StringSerializer.INSTANCE.snapshotConfiguration();

    assertThat(restored.restoreSerializer()).isInstanceOf(StringSerializer.class);
    assertThat(getSerializer().snapshotConfiguration().resolveSchemaCompatibility(bare))
        .matches(c -> c.isCompatibleAsIs());
    assertThat(bare.resolveSchemaCompatibility(restored)).matches(c -> c.isCompatibleAsIs());
  }

  @Test
  void writesTheBytesOfStringSerializer() throws IOException {
    Random random = new Random(3);
    List<String> strings = new ArrayList<>(List.of(getTestData()));
    strings.add(null);
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(300);
      for (int j = 0; j < length; j++) {
        s.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000)));
      }
      strings.add(s.toString());
    }
    TypeSerializer<String> bulk = createSerializer();
    for (String s : strings) {
      DataOutputSerializer expected = new DataOutputSerializer(16);
      StringSerializer.INSTANCE.serialize(s, expected);
      DataOutputSerializer actual = new DataOutputSerializer(16);
      bulk.serialize(s, actual);

      assertThat(actual.getCopyOfBuffer()).isEqualTo(expected.getCopyOfBuffer());
      assertThat(bulk.deserialize(new DataInputDeserializer(expected.getCopyOfBuffer())))
          .isEqualTo(s);
    }
  }

  private static <T> TypeSerializerSnapshot<T> writeAndRead(TypeSerializerSnapshot<T> snapshot)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        BulkStringSerializerTest.class.getClassLoader());
  }
}
