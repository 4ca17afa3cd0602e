package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of a Kibana saved-objects export ({@code .ndjson}: one JSON object per line), as
 * {@code POST /api/saved_objects/_import} reads them, with look-ups by type and id.
 */
final class SavedObjectFile {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<JsonNode> objects;

  private SavedObjectFile(List<JsonNode> objects) {
    this.objects = List.copyOf(objects);
  }

  /** Parses every non-blank line; a line that is not a JSON object fails with its number. */
  static SavedObjectFile parse(String ndjson) {
    List<JsonNode> objects = new ArrayList<>();
    String[] lines = ndjson.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        JsonNode node = MAPPER.readTree(lines[i]);
        if (!node.isObject()) {
          throw new IllegalArgumentException("line " + (i + 1) + " is not a JSON object");
        }
        objects.add(node);
      } catch (IOException e) {
        throw new UncheckedIOException("line " + (i + 1) + " is not valid JSON", e);
      }
    }
    return new SavedObjectFile(objects);
  }

  static SavedObjectFile of(List<JsonNode> objects) {
    return new SavedObjectFile(objects);
  }

  List<JsonNode> all() {
    return objects;
  }

  List<JsonNode> ofType(String type) {
    return objects.stream().filter(o -> type.equals(o.path("type").asText())).toList();
  }

  Optional<JsonNode> find(String type, String id) {
    return objects.stream()
        .filter(o -> type.equals(o.path("type").asText()) && id.equals(o.path("id").asText()))
        .findFirst();
  }

  /** The id of the object a reference with this name points to, if the object has one. */
  static Optional<String> referencedId(JsonNode object, String referenceName) {
    for (JsonNode ref : object.path("references")) {
      if (referenceName.equals(ref.path("name").asText())) {
        return Optional.of(ref.path("id").asText());
      }
    }
    return Optional.empty();
  }

  /** A JSON-in-a-string attribute such as {@code panelsJSON}, parsed. */
  static JsonNode parseEmbedded(JsonNode stringNode, String what) {
    if (stringNode == null || stringNode.isMissingNode() || stringNode.isNull()) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(stringNode.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(what + " is not valid JSON", e);
    }
  }
}
