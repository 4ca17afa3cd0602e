package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.EnumTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The kinds of writes and how Flink carries them between operators and in state. */
class DocumentWriteTest {

  private static final String SHA256_PREFIX = "9018944bbc68";

  private static final byte[] BODY =
      "{\"query\":{\"term\":{\"actor\":\"m7\"}}}".getBytes(StandardCharsets.UTF_8);

  @Test
  void byQueryOperationsCarryTheirLabelAndBodyAndAreNoDocumentDeletes() {
    DocumentWrite erase =
        DocumentWrite.deleteByQuery("pulse-sessions", "erase-sessions:c1/m7", BODY, "c1");
    DocumentWrite update =
        DocumentWrite.updateByQuery("pulse-members", "anonymize:c1/m7", BODY, "c1");

    assertThat(erase.isByQuery()).isTrue();
    assertThat(erase.isDelete()).isFalse();
    assertThat(erase.version).isZero();
    assertThat(update.isByQuery()).isTrue();
    assertThat(erase)
        .isNotEqualTo(DocumentWrite.updateByQuery("pulse-sessions", erase.id, BODY, "c1"));
    DocumentWrite delete = DocumentWrite.delete("pulse-sessions", "s1", 3, "c1");
    assertThat(delete.kind).isEqualTo(DocumentWrite.Kind.DOCUMENT);
    assertThat(delete.isDelete()).isTrue();
    assertThat(delete.isByQuery()).isFalse();
  }

  @Test
  void logsShowAByQueryOperationsLabelOnlyAsItsHash() {
    // Erasure labels name members; logs must not.
    DocumentWrite erase =
        DocumentWrite.deleteByQuery("pulse-sessions", "erase-sessions:c1/m7", BODY, "c1");
    DocumentWrite update =
        DocumentWrite.updateByQuery("pulse-members", "anonymize:c1/m7", BODY, "c1");

    // printf %s 'erase-sessions:c1/m7' | sha256sum | cut -c1-12
    assertThat(DocumentWrite.labelHash("erase-sessions:c1/m7")).isEqualTo(SHA256_PREFIX);
    assertThat(erase).hasToString("DELETE_BY_QUERY pulse-sessions label#" + SHA256_PREFIX);
    assertThat(update.toString())
        .startsWith("UPDATE_BY_QUERY pulse-members label#")
        .doesNotContain("m7");
  }

  @Test
  void staysAFlinkPojo() {
    assertThat(TypeInformation.of(DocumentWrite.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void aWriteInStateFromBeforeTheKindReadsAsADocument() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    // The POJO as the previous release knew it: every field but the kind.
    @SuppressWarnings("unchecked")
    TypeSerializer<DocumentWrite> before =
        (TypeSerializer<DocumentWrite>)
            new PojoTypeInfo<>(DocumentWrite.class, fieldsBut("kind")).createSerializer(config);
    TypeSerializerSnapshot<DocumentWrite> snapshot = before.snapshotConfiguration();
    DataOutputSerializer written = new DataOutputSerializer(256);
    before.serialize(DocumentWrite.upsert("pulse-sessions", "s1", 7, BODY, "c1"), written);
    before.serialize(DocumentWrite.delete("pulse-sessions", "s2", 8, "c1"), written);

    TypeSerializer<DocumentWrite> now =
        TypeInformation.of(DocumentWrite.class).createSerializer(config);
    TypeSerializerSchemaCompatibility<DocumentWrite> compatibility =
        now.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
    assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
    // What migration does: read with the old serializer, write with the new.
    DataInputDeserializer in = new DataInputDeserializer(written.getCopyOfBuffer());
    TypeSerializer<DocumentWrite> restored = snapshot.restoreSerializer();
    DocumentWrite upsert = restored.deserialize(in);
    DocumentWrite delete = restored.deserialize(in);

    assertThat(upsert.kind).isEqualTo(DocumentWrite.Kind.DOCUMENT);
    assertThat(upsert).isEqualTo(DocumentWrite.upsert("pulse-sessions", "s1", 7, BODY, "c1"));
    assertThat(delete.isDelete()).isTrue();
    DataOutputSerializer migrated = new DataOutputSerializer(256);
    now.serialize(upsert, migrated);
    assertThat(now.deserialize(new DataInputDeserializer(migrated.getCopyOfBuffer())))
        .isEqualTo(upsert);
  }

  @Test
  void aNullKindSetByHandIsADocument() {
    DocumentWrite write = DocumentWrite.upsert("pulse-sessions", "s1", 1, null, "c1");
    write.kind = null;

    assertThat(write.isByQuery()).isFalse();
    assertThat(write.isDelete()).isTrue();
    assertThat(write).isEqualTo(DocumentWrite.delete("pulse-sessions", "s1", 1, "c1"));
  }

  private static List<PojoField> fieldsBut(String excluded) {
    List<PojoField> fields = new ArrayList<>();
    for (Field f : DocumentWrite.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals(excluded)) {
        continue;
      }
      TypeInformation<?> type =
          f.getType().isEnum()
              ? new EnumTypeInfo<>(DocumentWrite.Kind.class)
              : TypeExtractor.createTypeInfo(f.getType());
      fields.add(new PojoField(f, type));
    }
    return fields;
  }
}
