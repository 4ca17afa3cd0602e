package io.communitypulse.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;

class BulkWritingSerializerTest {

  private static final SampleRecord RECORD = SampleRecord.of("m-1", 42L, "java", "flink");

  private static SerializerConfigImpl noGenericTypes() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return config;
  }

  private static TypeSerializer<SampleRecord> recordSerializer() {
    return BulkTypeInfo.of(SampleRecord.class).createSerializer(noGenericTypes());
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(16);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T read = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return read;
  }

  /** A view that records every method called on it, then forwards to a byte buffer. */
  private static final class RecordingView {
    final DataOutputSerializer bytes = new DataOutputSerializer(16);
    final List<String> calls = new ArrayList<>();
    final DataOutputView view =
        (DataOutputView)
            Proxy.newProxyInstance(
                DataOutputView.class.getClassLoader(),
                new Class<?>[] {DataOutputView.class},
                (proxy, method, args) -> {
                  calls.add(
                      method.getName()
                          + Arrays.stream(method.getParameterTypes())
                              .map(Class::getSimpleName)
                              .toList());
                  try {
                    return method.invoke(bytes, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @Test
  void aPojoAndAStringRoundTrip() throws IOException {
    assertThat(roundTrip(recordSerializer(), RECORD)).isEqualTo(RECORD);
    TypeSerializer<String> strings = BulkTypeInfo.STRING.createSerializer(noGenericTypes());
    assertThat(roundTrip(strings, "acme/dev-ü-1")).isEqualTo("acme/dev-ü-1");
    assertThat(roundTrip(strings, null)).isNull();
  }

  @Test
  void eachValueReachesTheTargetInOneBulkWrite() throws IOException {
    RecordingView target = new RecordingView();
    TypeSerializer<SampleRecord> serializer = recordSerializer();

    TypeSerializer<String> strings = BulkTypeInfo.STRING.createSerializer(noGenericTypes());

    serializer.serialize(RECORD, target.view);
    serializer.serialize(SampleRecord.of("m-2", 7L, "x".repeat(100_000)), target.view);
    strings.serialize("acme/dev-ü-1", target.view);

    assertThat(target.calls)
        .containsExactly(
            "write[byte[], int, int]", "write[byte[], int, int]", "write[byte[], int, int]");
    DataInputDeserializer in = new DataInputDeserializer(target.bytes.getCopyOfBuffer());
    assertThat(serializer.deserialize(in)).isEqualTo(RECORD);
    assertThat(serializer.deserialize(in).tags).containsExactly("x".repeat(100_000));
    assertThat(strings.deserialize(in)).isEqualTo("acme/dev-ü-1");
  }

  @Test
  void theLengthTakesOneByteForASmallValue() throws IOException {
    DataOutputSerializer bare = new DataOutputSerializer(16);
    TypeSerializer<SampleRecord> inner =
        ((BulkWritingSerializer<SampleRecord>) recordSerializer()).innerSerializer();
    inner.serialize(RECORD, bare);
    DataOutputSerializer bulk = new DataOutputSerializer(16);
    recordSerializer().serialize(RECORD, bulk);

    assertThat(bulk.length()).isEqualTo(bare.length() + 1);
    assertThat(Varints.size(127)).isEqualTo(1);
    assertThat(Varints.size(128)).isEqualTo(2);
    assertThat(Varints.size(Integer.MAX_VALUE)).isEqualTo(5);
  }

  @Test
  void aSerializedValueCopiesWithoutDecoding() throws IOException {
    TypeSerializer<SampleRecord> serializer = recordSerializer();
    DataOutputSerializer out = new DataOutputSerializer(16);
    serializer.serialize(RECORD, out);
    DataOutputSerializer copy = new DataOutputSerializer(16);

    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copy);

    assertThat(copy.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
  }

  @Test
  void duplicatesAreIndependentInstancesThatInterleaveSafely() throws IOException {
    TypeSerializer<SampleRecord> serializer = recordSerializer();
    TypeSerializer<SampleRecord> duplicate = serializer.duplicate();

    assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
    assertThat(duplicate.hashCode()).isEqualTo(serializer.hashCode());

    // Reading through one while the other writes must not share buffers.
    DataOutputSerializer first = new DataOutputSerializer(16);
    serializer.serialize(RECORD, first);
    DataInputDeserializer in = new DataInputDeserializer(first.getCopyOfBuffer());
    DataOutputSerializer second = new DataOutputSerializer(16);
    duplicate.serialize(SampleRecord.of("other", 1L, "a", "b", "c"), second);
    assertThat(serializer.deserialize(in)).isEqualTo(RECORD);
    assertThat(duplicate.deserialize(new DataInputDeserializer(second.getCopyOfBuffer())))
        .isEqualTo(SampleRecord.of("other", 1L, "a", "b", "c"));
  }

  @Test
  void copyDelegatesToTheInnerSerializer() {
    SampleRecord copy = recordSerializer().copy(RECORD);

    assertThat(copy).isEqualTo(RECORD).isNotSameAs(RECORD);
    assertThat(copy.tags).isNotSameAs(RECORD.tags);
  }

  @Test
  void itsSnapshotRestoresTheSameSerializerCompatibleAsIs() throws IOException {
    TypeSerializer<SampleRecord> serializer = recordSerializer();

    TypeSerializerSnapshot<SampleRecord> restored =
        writeAndRead(serializer.snapshotConfiguration());

    assertThat(restored).isInstanceOf(BulkWritingSerializerSnapshot.class);
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            recordSerializer()
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void stateWrittenByTheBareInnerSerializerIsCompatibleAfterMigration() throws IOException {
    TypeSerializer<SampleRecord> bare =
        ((BulkWritingSerializer<SampleRecord>) recordSerializer()).innerSerializer();
    TypeSerializerSnapshot<SampleRecord> old = writeAndRead(bare.snapshotConfiguration());

    TypeSerializerSchemaCompatibility<SampleRecord> compatibility =
        recordSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);

    assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void anotherInnerTypeIsIncompatible() throws IOException {
    TypeSerializerSnapshot longs =
        writeAndRead(BulkTypeInfo.of(Types.LONG).createSerializer(noGenericTypes()));
    TypeSerializerSnapshot bareLongs = writeAndRead(Types.LONG.createSerializer(noGenericTypes()));
    TypeSerializerSnapshot<SampleRecord> records = recordSerializer().snapshotConfiguration();

    assertThat(records.resolveSchemaCompatibility(longs).isIncompatible()).isTrue();
    assertThat(records.resolveSchemaCompatibility(bareLongs).isIncompatible()).isTrue();
  }

  @Test
  void genericTypesStillFailWhenDisabled() {
    assertThat(((BulkWritingSerializer<SampleRecord>) recordSerializer()).innerSerializer())
        .isInstanceOf(PojoSerializer.class);
    assertThatThrownBy(
            () -> BulkTypeInfo.of(WithGenericField.class).createSerializer(noGenericTypes()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Generic types have been disabled");
  }

  @Test
  void theTypeWrapsOnceAndComparesByItsInnerType() {
    assertThat(BulkTypeInfo.of(BulkTypeInfo.STRING)).isSameAs(BulkTypeInfo.STRING);
    assertThat(BulkTypeInfo.of(Types.STRING))
        .isEqualTo(BulkTypeInfo.STRING)
        .isNotEqualTo(Types.STRING);
    assertThat(BulkTypeInfo.STRING.isKeyType()).isTrue();
    assertThat(BulkTypeInfo.STRING.getTypeClass()).isEqualTo(String.class);
  }

  /** Not a POJO field type Flink knows: it would need Kryo. */
  public static class WithGenericField {
    public Object anything;

    public WithGenericField() {}
  }

  private static <T> TypeSerializerSnapshot<T> writeAndRead(TypeSerializer<T> serializer)
      throws IOException {
    return writeAndRead(serializer.snapshotConfiguration());
  }

  private static <T> TypeSerializerSnapshot<T> writeAndRead(TypeSerializerSnapshot<T> snapshot)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        BulkWritingSerializerTest.class.getClassLoader());
  }
}
