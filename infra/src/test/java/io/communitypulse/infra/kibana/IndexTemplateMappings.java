package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The field types an index gets from our Elasticsearch templates: the composable index template
 * whose {@code index_patterns} match the index name, with the mappings of the component templates
 * it is {@code composed_of} merged in order (a later one wins, as in Elasticsearch), and object
 * fields flattened to dotted paths ({@code d28.referral_signups}). Only leaf fields are listed, so
 * an object such as {@code d28} is not a field a chart can use.
 */
final class IndexTemplateMappings {

  private final Map<String, JsonNode> componentTemplates;
  private final Map<String, JsonNode> indexTemplates;

  private IndexTemplateMappings(
      Map<String, JsonNode> componentTemplates, Map<String, JsonNode> indexTemplates) {
    this.componentTemplates = componentTemplates;
    this.indexTemplates = indexTemplates;
  }

  /** Reads {@code component-templates/*.json} and {@code index-templates/*.json} under a folder. */
  static IndexTemplateMappings load(Path elasticsearchDir) {
    return new IndexTemplateMappings(
        readAll(elasticsearchDir.resolve("component-templates")),
        readAll(elasticsearchDir.resolve("index-templates")));
  }

  /** Field path to Elasticsearch type, for a concrete index such as {@code pulse-members-v1}. */
  Map<String, String> fieldTypes(String indexName) {
    List<String> matching = new ArrayList<>();
    indexTemplates.forEach(
        (name, template) -> {
          for (JsonNode pattern : template.path("index_patterns")) {
            if (globMatches(pattern.asText(), indexName)) {
              matching.add(name);
              return;
            }
          }
        });
    if (matching.size() != 1) {
      throw new IllegalArgumentException(
          "expected one index template for index " + indexName + ", found " + matching);
    }
    JsonNode template = indexTemplates.get(matching.get(0));
    List<String> optional = new ArrayList<>();
    template.path("ignore_missing_component_templates").forEach(n -> optional.add(n.asText()));
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode composed : template.path("composed_of")) {
      JsonNode component = componentTemplates.get(composed.asText());
      if (component == null) {
        if (optional.contains(composed.asText())) {
          continue;
        }
        throw new IllegalArgumentException(
            "index template " + matching.get(0) + " needs missing " + composed.asText());
      }
      flatten("", component.path("template").path("mappings").path("properties"), types);
    }
    // An index template's own mappings apply after its components.
    flatten("", template.path("template").path("mappings").path("properties"), types);
    return types;
  }

  private static void flatten(String prefix, JsonNode properties, Map<String, String> into) {
    properties
        .fields()
        .forEachRemaining(
            e -> {
              String path = prefix + e.getKey();
              JsonNode field = e.getValue();
              if (field.has("properties")) {
                flatten(path + ".", field.path("properties"), into);
              } else {
                into.put(path, field.path("type").asText("object"));
              }
              // Multi-fields (e.g. a keyword under a text field) are fields of their own.
              field
                  .path("fields")
                  .fields()
                  .forEachRemaining(
                      sub ->
                          into.put(
                              path + "." + sub.getKey(), sub.getValue().path("type").asText()));
            });
  }

  private static boolean globMatches(String glob, String name) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.matches(regex.toString(), name);
  }

  private static Map<String, JsonNode> readAll(Path dir) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        byName.put(name, SavedObjectFile.MAPPER.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read templates in " + dir, e);
    }
    return byName;
  }
}
