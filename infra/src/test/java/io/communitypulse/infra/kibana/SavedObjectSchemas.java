package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attributes of Lens and dashboard objects against the schemas Kibana 9 validates them with,
 * copied here as lists of keys and types (Kibana's own {@code @kbn/config-schema} objects cannot
 * run in this build):
 *
 * <ul>
 *   <li>Lens, {@code lensItemAttributesSchema} (x-pack/platform/plugins/shared/lens/server/
 *       content_management/v1/schema/common.ts, {@code unknowns: 'forbid'}): {@code title}
 *       (string), {@code description} (string), {@code visualizationType}, {@code state}, {@code
 *       version};
 *   <li>dashboards, {@code dashboardAttributesSchema} v1 to v3 (src/platform/plugins/shared/
 *       dashboard/server/dashboard_saved_object/schema/, v1 {@code unknowns: 'forbid'}), and the
 *       panels inside {@code panelsJSON} with their {@code gridData} (v3's {@code gridDataSchema}).
 * </ul>
 *
 * Data views have no attribute schema in Kibana (only migrations), so they are left to {@link
 * SavedObjectStructure}.
 */
final class SavedObjectSchemas {

  private enum Kind {
    STRING,
    BOOLEAN,
    NUMBER,
    OBJECT,
    ANY
  }

  private static final Map<String, Kind> LENS_ATTRIBUTES =
      Map.of(
          "title", Kind.STRING,
          "description", Kind.STRING,
          "visualizationType", Kind.STRING,
          "state", Kind.OBJECT,
          "version", Kind.NUMBER);

  private static final Map<String, Kind> DASHBOARD_ATTRIBUTES =
      Map.ofEntries(
          Map.entry("title", Kind.STRING),
          Map.entry("description", Kind.STRING),
          Map.entry("kibanaSavedObjectMeta", Kind.OBJECT),
          Map.entry("timeRestore", Kind.BOOLEAN),
          Map.entry("timeFrom", Kind.STRING),
          Map.entry("timeTo", Kind.STRING),
          Map.entry("refreshInterval", Kind.OBJECT),
          Map.entry("controlGroupInput", Kind.OBJECT),
          Map.entry("panelsJSON", Kind.STRING),
          Map.entry("optionsJSON", Kind.STRING),
          Map.entry("sections", Kind.ANY),
          Map.entry("hits", Kind.NUMBER),
          Map.entry("version", Kind.NUMBER));

  private static final Map<String, Kind> REFRESH_INTERVAL =
      Map.of(
          "pause", Kind.BOOLEAN,
          "value", Kind.NUMBER,
          "display", Kind.STRING,
          "section", Kind.NUMBER);

  private static final Map<String, Kind> SAVED_OBJECT_META =
      Map.of("searchSourceJSON", Kind.STRING);

  /** The keys of a by-reference panel as the dashboard's export format writes them. */
  private static final Map<String, Kind> PANEL =
      Map.of(
          "type", Kind.STRING,
          "gridData", Kind.OBJECT,
          "panelIndex", Kind.STRING,
          "embeddableConfig", Kind.OBJECT,
          "panelRefName", Kind.STRING,
          "id", Kind.STRING,
          "title", Kind.STRING,
          "version", Kind.STRING);

  private static final Map<String, Kind> GRID_DATA =
      Map.of(
          "x", Kind.NUMBER,
          "y", Kind.NUMBER,
          "w", Kind.NUMBER,
          "h", Kind.NUMBER,
          "i", Kind.STRING,
          "sectionId", Kind.STRING);

  private SavedObjectSchemas() {}

  static List<String> problems(SavedObjectFile file) {
    List<String> problems = new ArrayList<>();
    for (JsonNode lens : file.ofType("lens")) {
      String id = lens.path("id").asText();
      JsonNode attributes = lens.path("attributes");
      object(id + " attributes", attributes, LENS_ATTRIBUTES, Set.of("title"), problems);
    }
    for (JsonNode dashboard : file.ofType("dashboard")) {
      String id = dashboard.path("id").asText();
      JsonNode attributes = dashboard.path("attributes");
      object(id + " attributes", attributes, DASHBOARD_ATTRIBUTES, Set.of("title"), problems);
      object(
          id + " refreshInterval",
          attributes.path("refreshInterval"),
          REFRESH_INTERVAL,
          Set.of("pause", "value"),
          problems);
      object(
          id + " kibanaSavedObjectMeta",
          attributes.path("kibanaSavedObjectMeta"),
          SAVED_OBJECT_META,
          Set.of(),
          problems);
      JsonNode panels =
          SavedObjectFile.parseEmbedded(attributes.get("panelsJSON"), id + " panelsJSON");
      for (JsonNode panel : panels) {
        String where = id + " panel " + panel.path("panelIndex").asText();
        object(where, panel, PANEL, Set.of("type", "gridData", "panelIndex"), problems);
        object(
            where + " gridData",
            panel.path("gridData"),
            GRID_DATA,
            Set.of("x", "y", "w", "h", "i"),
            problems);
      }
    }
    return problems;
  }

  private static void object(
      String where,
      JsonNode object,
      Map<String, Kind> schema,
      Set<String> required,
      List<String> problems) {
    if (object.isMissingNode()) {
      return;
    }
    if (!object.isObject()) {
      problems.add(where + " is not an object");
      return;
    }
    for (String key : required) {
      if (!object.hasNonNull(key)) {
        problems.add(where + " lacks " + key);
      }
    }
    object
        .fields()
        .forEachRemaining(
            field -> {
              Kind kind = schema.get(field.getKey());
              if (kind == null) {
                problems.add(
                    where
                        + " has "
                        + field.getKey()
                        + ", which Kibana's schema does not allow; allowed: "
                        + new TreeSet<>(schema.keySet()));
              } else if (!fits(kind, field.getValue())) {
                problems.add(where + "." + field.getKey() + " is not a " + kind);
              }
            });
  }

  private static boolean fits(Kind kind, JsonNode value) {
    return switch (kind) {
      case STRING -> value.isTextual();
      case BOOLEAN -> value.isBoolean();
      case NUMBER -> value.isNumber();
      case OBJECT -> value.isObject();
      case ANY -> true;
    };
  }
}
