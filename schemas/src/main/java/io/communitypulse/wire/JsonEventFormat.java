package io.communitypulse.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines form of events (docs/producing-events.md, "JSON lines: files and ./pulse replay"):
 * one JSON object per line with the Avro field names plus {@code "kind": "click"} or {@code "kind":
 * "post"}; {@code occurred_at} as an ISO-8601 string (e.g. {@code 2025-03-01T12:00:00Z}; an
 * explicit offset is converted to UTC) or epoch milliseconds; absent or null nullable fields are
 * null; {@code properties} (an object of strings) and {@code tags} (an array of strings) default to
 * empty. Unknown keys are ignored, as Avro schema resolution ignores unknown writer fields.
 *
 * <p>The mapping walks the Avro schema field by field (string, enum, long with timestamp-millis,
 * int, double, boolean, bytes as base64, map, array, nested record, unions with null), so a new
 * schema version needs no code change. {@link #parse} only reports parse and shape problems
 * (BAD_JSON, OVERSIZED, UNKNOWN_KIND, UNKNOWN_SYMBOL, MISSING_FIELD for an absent or null required
 * field, INVALID_FIELD); content rules are {@link EventValidator}'s, and {@link EventReader} runs
 * both. Instances are immutable and thread-safe.
 */
public final class JsonEventFormat {

  /** The key that says which record a line holds. */
  public static final String KIND = "kind";

  /** The {@link #KIND} of a {@code ClickEvent}. */
  public static final String CLICK = "click";

  /** The {@link #KIND} of a {@code PostEvent}. */
  public static final String POST = "post";

  private static final Map<String, Schema> SCHEMA_BY_KIND =
      Map.of(CLICK, ClickEvent.getClassSchema(), POST, PostEvent.getClassSchema());

  private static final String KNOWN_KINDS = "\"" + CLICK + "\" or \"" + POST + "\"";

  private static final int MAX_JSON_ERROR_CHARS = 300;

  private final JsonMapper mapper;
  private final int maxBytes;

  /** The JSON form with the default payload limit ({@link WireCodec#DEFAULT_MAX_BYTES}). */
  public JsonEventFormat() {
    this(WireCodec.DEFAULT_MAX_BYTES);
  }

  /** The JSON form rejecting lines longer than {@code maxBytes} UTF-8 bytes as OVERSIZED. */
  public JsonEventFormat(int maxBytes) {
    if (maxBytes < 2) {
      throw new IllegalArgumentException("maxBytes must be at least 2, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.mapper =
        JsonMapper.builder()
            // A key given twice is ambiguous: reject the line rather than pick one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "One event per line": a second value on the line is an error, not ignored.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /** The {@link #KIND} value for records of {@code schema}, if it has one. */
  public static Optional<String> kindOf(Schema schema) {
    return SCHEMA_BY_KIND.entrySet().stream()
        .filter(e -> e.getValue().getFullName().equals(schema.getFullName()))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Parses one line into a ClickEvent or PostEvent; never throws. */
  public ParsedLine parse(String line) {
    if (line == null) {
      return ParsedLine.rejected(
          new Rejection(RejectReason.BAD_JSON, "no line (null): expected one JSON object"),
          null,
          null);
    }
    if (Excerpts.utf8Length(line, maxBytes) > maxBytes) {
      return ParsedLine.rejected(
          Rejection.of(
              RejectReason.OVERSIZED,
              "line of %d characters is more than the maximum of %d bytes",
              line.length(),
              maxBytes),
          null,
          null);
    }
    if (line.isBlank()) {
      return ParsedLine.rejected(
          new Rejection(RejectReason.BAD_JSON, "empty line: expected one JSON object"), null, null);
    }
    JsonNode root;
    try {
      root = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      return ParsedLine.rejected(
          new Rejection(RejectReason.BAD_JSON, "not valid JSON: " + jsonError(e)), null, null);
    } catch (RuntimeException e) {
      // Jackson's own limits (nesting depth, number length) surface as runtime exceptions.
      return ParsedLine.rejected(
          new Rejection(RejectReason.BAD_JSON, "not valid JSON: " + e.getMessage()), null, null);
    }
    return parseValue(root);
  }

  /**
   * Reads one already parsed JSON value into a ClickEvent or PostEvent, as {@link #parse(String)}
   * reads a line: for callers that receive many events in one JSON document (the HTTP collector's
   * batches), so each event is not written out and parsed again. No size check: the caller bounds
   * the document. Never throws.
   */
  public ParsedLine parseValue(JsonNode root) {
    if (root == null || !root.isObject()) {
      return ParsedLine.rejected(
          Rejection.of(
              RejectReason.BAD_JSON,
              "expected one JSON object per line, got %s",
              root == null || root.isMissingNode() ? "nothing" : typeOf(root)),
          null,
          null);
    }
    String communityId = textOrNull(root.get(EventValidator.COMMUNITY_ID));
    String eventId = textOrNull(root.get(EventValidator.EVENT_ID));
    try {
      Schema schema = schemaFor(root.get(KIND));
      SpecificRecord event = (SpecificRecord) readRecord(root, schema, "");
      return ParsedLine.of(event);
    } catch (ShapeException e) {
      return ParsedLine.rejected(e.rejection, communityId, eventId);
    } catch (RuntimeException e) {
      // Defensive: parse promises never to throw; a bug here must not stop a job.
      return ParsedLine.rejected(
          new Rejection(RejectReason.OTHER, "cannot read line: " + e), communityId, eventId);
    }
  }

  /**
   * Writes {@code event} (a ClickEvent or PostEvent) as one JSON line without a line terminator:
   * {@code kind} first, then the fields in schema order, null fields left out, {@code occurred_at}
   * as ISO-8601 UTC.
   *
   * @throws IllegalArgumentException for a record that has no {@link #KIND}
   */
  public String toJson(SpecificRecord event) {
    Schema schema = event.getSchema();
    String kind =
        kindOf(schema)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no JSON kind for " + schema.getFullName() + "; known: " + KNOWN_KINDS));
    SpecificData model = SpecificData.getForSchema(schema);
    StringWriter out = new StringWriter(256);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField(KIND, kind);
      writeFields(gen, event, model);
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // ---- reading -------------------------------------------------------------------------------

  private static Schema schemaFor(JsonNode kind) throws ShapeException {
    if (kind == null || kind.isNull()) {
      throw new ShapeException(
          RejectReason.UNKNOWN_KIND, "missing \"%s\": expected %s", KIND, KNOWN_KINDS);
    }
    if (!kind.isTextual()) {
      throw new ShapeException(
          RejectReason.UNKNOWN_KIND,
          "\"%s\" must be a string, got %s: expected %s",
          KIND,
          describe(kind),
          KNOWN_KINDS);
    }
    Schema schema = SCHEMA_BY_KIND.get(kind.textValue());
    if (schema == null) {
      throw new ShapeException(
          RejectReason.UNKNOWN_KIND,
          "unknown \"%s\" %s: expected %s",
          KIND,
          Excerpts.quote(kind.textValue()),
          KNOWN_KINDS);
    }
    return schema;
  }

  private static IndexedRecord readRecord(JsonNode node, Schema schema, String path)
      throws ShapeException {
    SpecificData model = SpecificData.getForSchema(schema);
    IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode value = node.get(field.name());
      record.put(field.pos(), readField(value, field, fieldPath, model));
    }
    return record;
  }

  private static Object readField(
      JsonNode value, Schema.Field field, String path, SpecificData model) throws ShapeException {
    if (value == null || value.isNull()) {
      if (value == null && field.hasDefaultValue()) {
        return model.deepCopy(field.schema(), model.getDefaultValue(field));
      }
      if (field.schema().isNullable()) {
        return null;
      }
      if (field.hasDefaultValue()) {
        // null for a defaulted, non-nullable field (e.g. "properties": null) means "none".
        return model.deepCopy(field.schema(), model.getDefaultValue(field));
      }
      throw new ShapeException(
          RejectReason.MISSING_FIELD,
          "required field %s is %s: expected %s",
          path,
          value == null ? "missing" : "null",
          expected(field.schema()));
    }
    return readValue(value, field.schema(), path, model);
  }

  private static Object readValue(JsonNode node, Schema schema, String path, SpecificData model)
      throws ShapeException {
    switch (schema.getType()) {
      case UNION:
        return readUnion(node, schema, path, model);
      case NULL:
        if (node.isNull()) {
          return null;
        }
        throw invalid(path, node, schema);
      case STRING:
        if (node.isTextual()) {
          return node.textValue();
        }
        throw invalid(path, node, schema);
      case ENUM:
        return readEnum(node, schema, path, model);
      case LONG:
        return readLong(node, schema, path, model);
      case INT:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return convert(node.intValue(), schema, model);
        }
        throw invalid(path, node, schema);
      case DOUBLE:
        return readDouble(node, schema, path);
      case FLOAT:
        return (float) readDouble(node, schema, path);
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        throw invalid(path, node, schema);
      case BYTES:
        return ByteBuffer.wrap(readBase64(node, schema, path));
      case FIXED:
        byte[] fixed = readBase64(node, schema, path);
        if (fixed.length != schema.getFixedSize()) {
          throw new ShapeException(
              RejectReason.INVALID_FIELD,
              "field %s has %d bytes: expected %s",
              path,
              fixed.length,
              expected(schema));
        }
        return model.createFixed(null, fixed, schema);
      case MAP:
        return readMap(node, schema, path, model);
      case ARRAY:
        return readArray(node, schema, path, model);
      case RECORD:
        if (node.isObject()) {
          return readRecord(node, schema, path);
        }
        throw invalid(path, node, schema);
      default:
        throw new ShapeException(
            RejectReason.INVALID_FIELD,
            "field %s has type %s, which the JSON form does not support",
            path,
            schema.getType());
    }
  }

  private static Object readUnion(JsonNode node, Schema union, String path, SpecificData model)
      throws ShapeException {
    if (node.isNull()) {
      if (union.isNullable()) {
        return null;
      }
      throw new ShapeException(
          RejectReason.MISSING_FIELD, "field %s is null: expected %s", path, expected(union));
    }
    ShapeException first = null;
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      try {
        return readValue(node, branch, path, model);
      } catch (ShapeException e) {
        first = first == null ? e : first;
      }
    }
    throw first != null ? first : invalid(path, node, union);
  }

  private static Object readEnum(JsonNode node, Schema schema, String path, SpecificData model)
      throws ShapeException {
    if (!node.isTextual()) {
      throw invalid(path, node, schema);
    }
    String symbol = node.textValue();
    if (symbol.isEmpty()) {
      throw new ShapeException(
          RejectReason.MISSING_FIELD,
          "required field %s is empty: expected %s",
          path,
          expected(schema));
    }
    if (!schema.hasEnumSymbol(symbol)) {
      String hint =
          schema.hasEnumSymbol(symbol.toUpperCase(Locale.ROOT))
              ? " (symbols are upper case: " + symbol.toUpperCase(Locale.ROOT) + ")"
              : "";
      throw new ShapeException(
          RejectReason.UNKNOWN_SYMBOL,
          "field %s has unknown %s symbol %s%s: expected one of %s",
          path,
          schema.getName(),
          Excerpts.quote(symbol),
          hint,
          String.join(", ", schema.getEnumSymbols()));
    }
    return model.createEnum(symbol, schema);
  }

  private static Object readLong(JsonNode node, Schema schema, String path, SpecificData model)
      throws ShapeException {
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      long millis;
      if (node.isTextual()) {
        if (node.textValue().isEmpty()) {
          throw new ShapeException(
              RejectReason.MISSING_FIELD,
              "required field %s is empty: expected %s",
              path,
              expected(schema));
        }
        try {
          millis = Instant.parse(node.textValue()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
          throw new ShapeException(
              RejectReason.INVALID_FIELD,
              "field %s has unparseable timestamp %s: expected %s",
              path,
              Excerpts.quote(node.textValue()),
              expected(schema));
        }
      } else if (node.isIntegralNumber() && node.canConvertToLong()) {
        millis = node.longValue();
      } else {
        throw invalid(path, node, schema);
      }
      return convert(millis, schema, model);
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return convert(node.longValue(), schema, model);
    }
    throw invalid(path, node, schema);
  }

  private static double readDouble(JsonNode node, Schema schema, String path)
      throws ShapeException {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    // Jackson writes non-finite doubles as these strings; accept them back.
    if (node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw invalid(path, node, schema);
  }

  private static byte[] readBase64(JsonNode node, Schema schema, String path)
      throws ShapeException {
    if (node.isTextual()) {
      try {
        return Base64.getDecoder().decode(node.textValue());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw invalid(path, node, schema);
  }

  private static Map<String, Object> readMap(
      JsonNode node, Schema schema, String path, SpecificData model) throws ShapeException {
    if (!node.isObject()) {
      throw invalid(path, node, schema);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String entryPath = path + "." + entry.getKey();
      map.put(
          entry.getKey(), readElement(entry.getValue(), schema.getValueType(), entryPath, model));
    }
    return map;
  }

  private static List<Object> readArray(
      JsonNode node, Schema schema, String path, SpecificData model) throws ShapeException {
    if (!node.isArray()) {
      throw invalid(path, node, schema);
    }
    List<Object> list = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      list.add(readElement(node.get(i), schema.getElementType(), path + "[" + i + "]", model));
    }
    return list;
  }

  private static Object readElement(JsonNode node, Schema schema, String path, SpecificData model)
      throws ShapeException {
    if (node.isNull() && !schema.isNullable()) {
      throw invalid(path, node, schema);
    }
    return readValue(node, schema, path, model);
  }

  /** Applies the model's logical-type conversion (e.g. millis to Instant), if it has one. */
  private static Object convert(Object raw, Schema schema, SpecificData model) {
    LogicalType logicalType = schema.getLogicalType();
    if (logicalType == null) {
      return raw;
    }
    Conversion<?> conversion = model.getConversionFor(logicalType);
    return conversion == null
        ? raw
        : Conversions.convertToLogicalType(raw, schema, logicalType, conversion);
  }

  private static ShapeException invalid(String path, JsonNode node, Schema schema) {
    return new ShapeException(
        RejectReason.INVALID_FIELD,
        "field %s has %s: expected %s",
        path,
        describe(node),
        expected(schema));
  }

  /** What a JSON value of {@code schema} looks like, for messages. */
  private static String expected(Schema schema) {
    switch (schema.getType()) {
      case UNION:
        List<String> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
          branches.add(expected(branch));
        }
        return String.join(" or ", branches);
      case NULL:
        return "null";
      case STRING:
        return "a string";
      case ENUM:
        return "one of " + String.join(", ", schema.getEnumSymbols());
      case LONG:
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
            ? "an ISO-8601 UTC timestamp string (e.g. 2025-03-01T12:00:00Z) or epoch milliseconds"
            : "an integer";
      case INT:
        return "a 32-bit integer";
      case DOUBLE:
      case FLOAT:
        return "a number";
      case BOOLEAN:
        return "true or false";
      case BYTES:
        return "a base64 string";
      case FIXED:
        return "a base64 string of " + schema.getFixedSize() + " bytes";
      case MAP:
        return "an object of " + plural(schema.getValueType());
      case ARRAY:
        return "an array of " + plural(schema.getElementType());
      case RECORD:
        return "a " + schema.getName() + " object";
      default:
        return schema.getType().getName();
    }
  }

  private static String plural(Schema schema) {
    return switch (schema.getType()) {
      case STRING -> "strings";
      case LONG, INT, DOUBLE, FLOAT -> "numbers";
      default -> expected(schema) + " values";
    };
  }

  private static String describe(JsonNode node) {
    String type = typeOf(node);
    if (node.isTextual()) {
      return type + " " + Excerpts.quote(node.textValue());
    }
    if (node.isValueNode() && !node.isNull()) {
      String text = node.asText();
      return type + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
    return type;
  }

  private static String typeOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case NULL, MISSING -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static String jsonError(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    } else if (message.startsWith("Trailing token")) {
      message = "more than one JSON value on the line (one event per line)";
    } else {
      // Jackson's location text is noise here: the column is appended below.
      message = message.replaceAll("\\[Source: [^;\\]]*; ", "[");
    }
    if (message.length() > MAX_JSON_ERROR_CHARS) {
      message = message.substring(0, MAX_JSON_ERROR_CHARS) + "...";
    }
    return e.getLocation() == null
        ? message
        : message + " (at column " + e.getLocation().getColumnNr() + ")";
  }

  // ---- writing -------------------------------------------------------------------------------

  private static void writeFields(JsonGenerator gen, IndexedRecord record, SpecificData model)
      throws IOException {
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value != null) {
        gen.writeFieldName(field.name());
        writeValue(gen, value, field.schema(), model);
      }
    }
  }

  private static void writeValue(JsonGenerator gen, Object value, Schema schema, SpecificData model)
      throws IOException {
    if (value == null) {
      gen.writeNull();
      return;
    }
    switch (schema.getType()) {
      case UNION ->
          writeValue(gen, value, schema.getTypes().get(model.resolveUnion(schema, value)), model);
      case STRING, ENUM -> gen.writeString(value.toString());
      case LONG -> {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          Instant at =
              value instanceof Instant instant
                  ? instant
                  : Instant.ofEpochMilli(((Number) value).longValue());
          gen.writeString(at.toString());
        } else {
          gen.writeNumber(((Number) value).longValue());
        }
      }
      case INT -> gen.writeNumber(((Number) value).intValue());
      case DOUBLE, FLOAT -> gen.writeNumber(((Number) value).doubleValue());
      case BOOLEAN -> gen.writeBoolean((Boolean) value);
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        gen.writeString(Base64.getEncoder().encodeToString(bytes));
      }
      case FIXED ->
          gen.writeString(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
      case MAP -> {
        gen.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          gen.writeFieldName(entry.getKey().toString());
          writeValue(gen, entry.getValue(), schema.getValueType(), model);
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (Object item : (Collection<?>) value) {
          writeValue(gen, item, schema.getElementType(), model);
        }
        gen.writeEndArray();
      }
      case RECORD -> {
        gen.writeStartObject();
        writeFields(gen, (IndexedRecord) value, model);
        gen.writeEndObject();
      }
      case NULL -> gen.writeNull();
      default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
    }
  }

  /** A shape problem found while walking the schema; carries the rejection, no stack trace. */
  private static final class ShapeException extends Exception {
    private final Rejection rejection;

    ShapeException(RejectReason reason, String format, Object... args) {
      super(null, null, false, false);
      this.rejection = Rejection.of(reason, format, args);
    }
  }
}
