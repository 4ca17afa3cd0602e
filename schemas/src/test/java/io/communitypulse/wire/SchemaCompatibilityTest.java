package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards schema evolution: released versions stay readable by every later one, and the current
 * generated schema is always a released version (so a schema change without a new {@code vN.avsc}
 * in {@code schemas/history} fails the build).
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Schema> CURRENT =
      Map.of(
          "ClickEvent", ClickEvent.getClassSchema(),
          "PostEvent", PostEvent.getClassSchema(),
          "DeadLetter", DeadLetter.getClassSchema(),
          "ErasureRequest", ErasureRequest.getClassSchema());

  private final SchemaHistory history = SchemaHistory.get();

  static Stream<String> recordNames() {
    return SchemaHistory.RECORD_NAMES.stream();
  }

  @ParameterizedTest
  @MethodSource("recordNames")
  void shouldReadEveryEarlierReleasedVersionWithEveryLaterOne(String name) {
    List<Schema> versions = history.versions(name);

    assertThat(versions).isNotEmpty();
    for (int writer = 0; writer < versions.size(); writer++) {
      for (int reader = writer; reader < versions.size(); reader++) {
        assertCompatible(
            versions.get(reader),
            versions.get(writer),
            name + " v" + (reader + 1) + " reading v" + (writer + 1));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("recordNames")
  void shouldReadEveryReleasedVersionWithTheGeneratedRecord(String name) {
    List<Schema> versions = history.versions(name);
    for (int writer = 0; writer < versions.size(); writer++) {
      assertCompatible(
          CURRENT.get(name), versions.get(writer), name + " (generated) reading v" + (writer + 1));
    }
  }

  @ParameterizedTest
  @MethodSource("recordNames")
  void shouldHaveTheGeneratedSchemaReleasedAsTheNewestVersion(String name) {
    Schema released = history.latest(name);
    Schema generated = withoutJavaStringType(CURRENT.get(name));

    // Schema.equals compares names, types, defaults, order, logical types and other properties;
    // docs may differ. The generated schema carries avro.java.string, the plugin's stringType.
    assertThat(generated)
        .as(
            "%s changed without a release: copy src/main/avro/.../%s.avsc to"
                + " schemas/history/%s/v%d.avsc",
            name, name, name, history.versions(name).size() + 1)
        .isEqualTo(released);
    assertThat(SchemaNormalization.parsingFingerprint64(CURRENT.get(name)))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(released));
  }

  @Test
  void shouldKeepAHistoryForEverySchemaInSourceAndNoOther() throws IOException {
    Set<String> sources = new HashSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/avro"))) {
      files
          .filter(p -> p.toString().endsWith(".avsc"))
          .forEach(p -> sources.add(p.getFileName().toString().replace(".avsc", "")));
    }

    assertThat(sources).containsExactlyInAnyOrderElementsOf(SchemaHistory.RECORD_NAMES);
    assertThat(history.recordNames()).containsExactlyElementsOf(SchemaHistory.RECORD_NAMES);
  }

  @Test
  void shouldFindEveryReleasedVersionByFingerprint() {
    for (String name : SchemaHistory.RECORD_NAMES) {
      List<Schema> versions = history.versions(name);
      for (int i = 0; i < versions.size(); i++) {
        long fp = SchemaNormalization.parsingFingerprint64(versions.get(i));
        assertThat(history.findByFingerprint(fp)).isEqualTo(versions.get(i));
        assertThat(history.version(fp).orElseThrow().recordName()).isEqualTo(name);
      }
    }
    assertThat(history.findByFingerprint(42L)).isNull();
  }

  @Test
  void shouldDetectAnIncompatibleChange() {
    // Proves the compatibility assertions above can fail: a new required field with no default.
    ObjectNode json = schemaJson(ClickEvent.getClassSchema());
    ((ArrayNode) json.get("fields")).addObject().put("name", "site_id").put("type", "string");
    Schema incompatible = new Schema.Parser().parse(json.toString());

    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(
                    incompatible, history.latest("ClickEvent"))
                .getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void shouldDecodeARecordWrittenWithAnOlderWriterSchema() {
    Schema older = withoutField(ClickEvent.getClassSchema(), "properties");
    assertCompatible(ClickEvent.getClassSchema(), older, "ClickEvent reading the fake older one");
    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(older);
    WireCodec<ClickEvent> codec = WireCodec.of(ClickEvent.class, store);

    GenericRecord old = new GenericData.Record(older);
    old.put("event_id", "c-9");
    old.put("community_id", "acme");
    old.put("occurred_at", TestEvents.OCCURRED_AT.toEpochMilli());
    old.put("anonymous_id", "dev-9");
    old.put("member_id", "m-9");
    old.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "CLICK"));
    byte[] bytes = encode(older, old);

    ClickEvent decoded = codec.decode(bytes).value();
    assertThat(decoded.getEventId()).isEqualTo("c-9");
    assertThat(decoded.getMemberId()).isEqualTo("m-9");
    assertThat(decoded.getType()).isEqualTo(ClickType.CLICK);
    assertThat(decoded.getOccurredAt()).isEqualTo(TestEvents.OCCURRED_AT);
    assertThat(decoded.getProperties()).isEmpty();

    // The production history does not know that writer: an honest UNKNOWN_SCHEMA there.
    assertThat(WireCodec.clicks().decode(bytes).rejection().reason())
        .isEqualTo(io.communitypulse.events.RejectReason.UNKNOWN_SCHEMA);
  }

  @Test
  void shouldLoadVersionsInOrderUpToTheFirstGap() {
    // Test resources: testhistory/ClickEvent/v1 (no referred_by, no properties), v2, v4 (no v3).
    SchemaHistory test =
        SchemaHistory.load(getClass().getClassLoader(), "testhistory", List.of("ClickEvent"));

    List<Schema> versions = test.versions("ClickEvent");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).getField("properties")).isNull();
    assertThat(versions.get(1).getField("properties")).isNotNull();
    assertCompatible(versions.get(1), versions.get(0), "test v2 reading test v1");

    GenericRecord v1 = new GenericData.Record(versions.get(0));
    v1.put("event_id", "c-1");
    v1.put("community_id", "acme");
    v1.put("occurred_at", 1_700_000_000_000L);
    v1.put("anonymous_id", "dev-1");
    v1.put(
        "type", new GenericData.EnumSymbol(versions.get(0).getField("type").schema(), "SIGN_UP"));
    ClickEvent decoded =
        WireCodec.of(ClickEvent.class, test).decode(encode(versions.get(0), v1)).value();
    assertThat(decoded.getType()).isEqualTo(ClickType.SIGN_UP);
    assertThat(decoded.getReferredBy()).isNull();
    assertThat(decoded.getProperties()).isEmpty();
  }

  @Test
  void shouldFailLoudlyWhenARecordHasNoReleasedVersion() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SchemaHistory.load(
                    getClass().getClassLoader(), "testhistory", List.of("PostEvent")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("testhistory/PostEvent/v1.avsc");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void assertCompatible(Schema reader, Schema writer, String what) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertThat(result.getType())
        .as("%s: %s", what, result.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  private static byte[] encode(Schema writer, GenericRecord record) {
    try {
      ByteBuffer buffer =
          new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode schemaJson(Schema schema) {
    try {
      return (ObjectNode) JSON.readTree(schema.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema withoutField(Schema schema, String field) {
    ObjectNode json = schemaJson(schema);
    ArrayNode fields = (ArrayNode) json.get("fields");
    List<JsonNode> kept = new ArrayList<>();
    fields.forEach(
        f -> {
          if (!f.get("name").asText().equals(field)) {
            kept.add(f);
          }
        });
    fields.removeAll();
    fields.addAll(kept);
    return new Schema.Parser().parse(json.toString());
  }

  private static Schema withoutJavaStringType(Schema schema) {
    JsonNode json = schemaJson(schema);
    strip(json);
    return new Schema.Parser().parse(json.toString());
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("avro.java.string");
    }
    node.forEach(SchemaCompatibilityTest::strip);
  }
}
