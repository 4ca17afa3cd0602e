package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects every field use of the data views and Lens visualisations of a saved-objects file,
 * resolving each Lens layer to its data view through the layer's reference ({@code
 * indexpattern-datasource-layer-<layerId>}), as Kibana does. What cannot be resolved or is not
 * understood (a layer without a data view, an ES|QL layer, a dashboard panel with a visualisation
 * inside it) is reported as a problem rather than skipped, so nothing escapes the field check.
 */
final class FieldUses {

  static final String LAYER_REFERENCE_PREFIX = "indexpattern-datasource-layer-";
  private static final String RECORDS = "___records___";

  final List<FieldUse> uses = new ArrayList<>();
  final List<String> problems = new ArrayList<>();

  private FieldUses() {}

  static FieldUses of(SavedObjectFile file) {
    FieldUses found = new FieldUses();
    for (JsonNode object : file.all()) {
      switch (object.path("type").asText()) {
        case "index-pattern" -> found.dataView(object);
        case "lens" -> found.lens(object);
        case "dashboard" -> found.dashboard(object);
        default ->
            found.problems.add(
                object.path("id").asText()
                    + ": type "
                    + object.path("type").asText()
                    + " is not checked; use data views, Lens and dashboards");
      }
    }
    return found;
  }

  private void dataView(JsonNode view) {
    String id = view.path("id").asText();
    JsonNode attributes = view.path("attributes");
    if (attributes.hasNonNull("timeFieldName")) {
      uses.add(
          new FieldUse(id, id, attributes.path("timeFieldName").asText(), FieldUse.USE_TIME_FIELD));
    }
    for (String attribute : List.of("fieldFormatMap", "fieldAttrs")) {
      SavedObjectFile.parseEmbedded(attributes.get(attribute), id + " " + attribute)
          .fieldNames()
          .forEachRemaining(f -> uses.add(new FieldUse(id, id, f, FieldUse.USE_DISPLAY)));
    }
  }

  private void lens(JsonNode lens) {
    String id = lens.path("id").asText();
    JsonNode state = lens.path("attributes").path("state");
    JsonNode datasources = state.path("datasourceStates");
    datasources
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!List.of("formBased", "indexpattern").contains(name)
                  && !datasources.path(name).path("layers").isEmpty()) {
                problems.add(id + ": " + name + " layers are not checked; use form-based layers");
              }
            });
    JsonNode layers = datasources.path("formBased").path("layers");
    if (layers.isEmpty()) {
      problems.add(id + ": no form-based layer, nothing to check");
    }
    layers
        .fields()
        .forEachRemaining(
            layer -> {
              Optional<String> dataView =
                  SavedObjectFile.referencedId(lens, LAYER_REFERENCE_PREFIX + layer.getKey());
              if (dataView.isEmpty()) {
                problems.add(id + ": layer " + layer.getKey() + " has no data view reference");
                return;
              }
              layer
                  .getValue()
                  .path("columns")
                  .forEach(column -> column(id, dataView.get(), column));
              // The visualisation's own query and filters apply to every layer.
              query(id, dataView.get(), state.path("query"));
              for (JsonNode filter : state.path("filters")) {
                String key = filter.path("meta").path("key").asText("");
                if (!key.isEmpty()) {
                  uses.add(new FieldUse(id, dataView.get(), key, FieldUse.USE_QUERY));
                }
              }
            });
  }

  private void column(String id, String dataView, JsonNode column) {
    String operation = column.path("operationType").asText();
    String field = column.path("sourceField").asText("");
    if (!field.isEmpty() && !(operation.equals("count") && field.equals(RECORDS))) {
      uses.add(new FieldUse(id, dataView, field, operation));
    }
    JsonNode params = column.path("params");
    if (params.hasNonNull("sortField")) {
      uses.add(new FieldUse(id, dataView, params.path("sortField").asText(), FieldUse.USE_SORT));
    }
    query(id, dataView, column.path("filter"));
    for (JsonNode filter : params.path("filters")) {
      query(id, dataView, filter.path("input"));
    }
  }

  private void query(String id, String dataView, JsonNode query) {
    if (!query.hasNonNull("query")) {
      return;
    }
    if (!"kuery".equals(query.path("language").asText("kuery"))) {
      problems.add(id + ": only KQL queries are checked, not " + query.path("language").asText());
      return;
    }
    for (String field : KqlFields.in(query.path("query").asText())) {
      uses.add(new FieldUse(id, dataView, field, FieldUse.USE_QUERY));
    }
  }

  private void dashboard(JsonNode dashboard) {
    String id = dashboard.path("id").asText();
    JsonNode panels =
        SavedObjectFile.parseEmbedded(
            dashboard.path("attributes").get("panelsJSON"), id + " panelsJSON");
    for (JsonNode panel : panels) {
      if (panel.path("embeddableConfig").has("attributes")) {
        problems.add(
            id
                + ": panel "
                + panel.path("panelIndex").asText()
                + " holds its visualisation by value; save it as a Lens object so it is checked");
      }
    }
  }
}
