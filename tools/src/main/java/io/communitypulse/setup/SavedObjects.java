package io.communitypulse.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.sink.Aliases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kibana saved objects of {@code infra/kibana/} (data views and dashboards), as the setup
 * imports them: unchanged for the shared space, or rewritten for one community's space.
 *
 * <p>For a community every data view reads the community's filtered alias instead of the shared
 * one, and every object id gets the community's suffix (references follow), so importing the same
 * file into many spaces with {@code overwrite=true} never makes two spaces fight over one id.
 */
public final class SavedObjects {

  /** Where the saved objects are on the classpath (the pulse-infra jar puts them there). */
  public static final String RESOURCE = "infra/kibana/pulse-saved-objects.ndjson";

  static final String DATA_VIEW_TYPE = "index-pattern";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ObjectNode> objects;

  private SavedObjects(List<ObjectNode> objects) {
    this.objects = objects;
  }

  /** The project's saved objects, from the classpath. */
  public static SavedObjects bundled() {
    try (InputStream in = SavedObjects.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: is the pulse-infra jar there?");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses newline-delimited saved objects; Kibana's export summary line is skipped. */
  public static SavedObjects parse(String ndjson) {
    List<ObjectNode> objects = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new java.io.StringReader(ndjson))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        if (node.hasNonNull("type") && node.hasNonNull("id")) {
          objects.add((ObjectNode) node);
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "saved objects are not valid NDJSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SavedObjects(objects);
  }

  /** The objects for the shared space, with the data views on the (prefixed) shared aliases. */
  public SavedObjects forSharedSpace(String indexPrefix) {
    return rewrite(indexPrefix, null);
  }

  /** The objects for one community's space: its filtered aliases and its own ids. */
  public SavedObjects forTenant(String indexPrefix, Tenant tenant) {
    return rewrite(indexPrefix, tenant);
  }

  /** The objects, one JSON document per line, as Kibana's import API takes them. */
  public String toNdjson() {
    StringBuilder out = new StringBuilder();
    for (ObjectNode object : objects) {
      out.append(object.toString()).append('\n');
    }
    return out.toString();
  }

  public List<ObjectNode> objects() {
    return objects.stream().map(ObjectNode::deepCopy).toList();
  }

  public int size() {
    return objects.size();
  }

  private SavedObjects rewrite(String indexPrefix, Tenant tenant) {
    Set<String> ids = new HashSet<>();
    objects.forEach(o -> ids.add(o.get("id").asText()));
    String suffix = tenant == null ? "" : tenant.savedObjectIdSuffix();
    List<ObjectNode> rewritten = new ArrayList<>();
    for (ObjectNode original : objects) {
      ObjectNode object = original.deepCopy();
      object.put("id", object.get("id").asText() + suffix);
      for (JsonNode reference : object.path("references")) {
        String target = reference.path("id").asText();
        if (ids.contains(target)) {
          ((ObjectNode) reference).put("id", target + suffix);
        }
      }
      if (DATA_VIEW_TYPE.equals(object.get("type").asText())) {
        pointDataView(object, indexPrefix, tenant);
      }
      rewritten.add(object);
    }
    return new SavedObjects(rewritten);
  }

  private static void pointDataView(ObjectNode dataView, String indexPrefix, Tenant tenant) {
    ObjectNode attributes = (ObjectNode) dataView.get("attributes");
    String shared = attributes.path("title").asText();
    if (!Aliases.ALL.contains(shared)) {
      throw new IllegalStateException(
          "data view " + dataView.get("id") + " reads '" + shared + "', not one of " + Aliases.ALL);
    }
    String target =
        tenant == null ? Aliases.prefixed(indexPrefix, shared) : tenant.alias(indexPrefix, shared);
    attributes.put("title", target);
    if (tenant != null && attributes.hasNonNull("name")) {
      attributes.put("name", attributes.get("name").asText() + " (" + tenant.communityId() + ")");
    }
  }
}
