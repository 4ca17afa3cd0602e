package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The inside of Lens visualisations, which Kibana stores unvalidated ({@code state} is {@code
 * schema.any()}) and only finds broken when a panel renders. Checked against Lens' own state types
 * (x-pack/platform/plugins/shared/lens: {@code XYDataLayerConfig}, {@code
 * MetricVisualizationState}, the datatable's {@code ColumnState}, the terms column):
 *
 * <ul>
 *   <li>the visualisation type is one of {@link #VISUALIZATION_TYPES}; every layer it names exists
 *       and every accessor it names is a column of that layer; a layer's {@code columnOrder} lists
 *       exactly its columns;
 *   <li>XY series types are Lens' {@code SeriesTypes}; a collapse function is one of {@code sum,
 *       avg, min, max} and has a breakdown to collapse;
 *   <li>a metric that collapses its breakdown shows only numbers (Lens applies the collapse to the
 *       secondary metric too: it would add dates up);
 *   <li>a table's sort column and summary rows exist, summaries only on numbers;
 *   <li>a terms column ranks by a metric column of its layer that Elasticsearch can order by (not a
 *       last value);
 *   <li>a top list (a table or a horizontal bar chart whose terms rank by a metric) cannot pad
 *       itself with zero rows: its ranking metric is an unfiltered count, or the visualisation's
 *       query names the ranked field (e.g. {@code d28.referral_signups > 0}), so only documents
 *       with something to rank are candidates.
 * </ul>
 */
final class LensStates {

  static final Set<String> VISUALIZATION_TYPES =
      Set.of("lnsXY", "lnsMetric", "lnsDatatable", "lnsPie");

  static final Set<String> SERIES_TYPES =
      Set.of(
          "bar",
          "bar_stacked",
          "bar_percentage_stacked",
          "bar_horizontal",
          "bar_horizontal_stacked",
          "bar_horizontal_percentage_stacked",
          "line",
          "area",
          "area_stacked",
          "area_percentage_stacked");

  static final Set<String> COLLAPSE_FUNCTIONS = Set.of("sum", "avg", "min", "max");
  static final Set<String> SUMMARY_ROWS = Set.of("none", "sum", "avg", "count", "min", "max");

  private LensStates() {}

  static List<String> problems(SavedObjectFile file) {
    List<String> problems = new ArrayList<>();
    for (JsonNode lens : file.ofType("lens")) {
      new One(lens, problems).check();
    }
    return problems;
  }

  private static final class One {
    private final String id;
    private final String visType;
    private final JsonNode state;
    private final JsonNode visualization;
    private final JsonNode layers;
    private final List<String> problems;

    One(JsonNode lens, List<String> problems) {
      this.id = lens.path("id").asText();
      this.visType = lens.path("attributes").path("visualizationType").asText();
      this.state = lens.path("attributes").path("state");
      this.visualization = state.path("visualization");
      this.layers = state.path("datasourceStates").path("formBased").path("layers");
      this.problems = problems;
    }

    void check() {
      if (!VISUALIZATION_TYPES.contains(visType)) {
        problems.add(
            id
                + ": visualization type "
                + visType
                + " is not checked; use one of "
                + new TreeSet<>(VISUALIZATION_TYPES));
        return;
      }
      layers.fields().forEachRemaining(layer -> layer(layer.getKey(), layer.getValue()));
      switch (visType) {
        case "lnsXY" -> xy();
        case "lnsMetric" -> metric();
        case "lnsDatatable" -> datatable();
        default -> pie();
      }
    }

    private void layer(String layerId, JsonNode layer) {
      JsonNode columns = layer.path("columns");
      Set<String> names = new TreeSet<>();
      columns.fieldNames().forEachRemaining(names::add);
      Set<String> order = new TreeSet<>();
      layer.path("columnOrder").forEach(c -> order.add(c.asText()));
      if (!names.equals(order)) {
        problems.add(
            id + ": layer " + layerId + " columnOrder " + order + " is not its columns " + names);
      }
      columns
          .fields()
          .forEachRemaining(
              column -> {
                JsonNode params = column.getValue().path("params");
                if (!"terms".equals(column.getValue().path("operationType").asText())
                    || !"column".equals(params.path("orderBy").path("type").asText())) {
                  return;
                }
                String rankBy = params.path("orderBy").path("columnId").asText();
                JsonNode ranked = columns.path(rankBy);
                if (ranked.isMissingNode()) {
                  problems.add(
                      id + ": terms " + column.getKey() + " ranks by missing column " + rankBy);
                } else if (ranked.path("isBucketed").asBoolean()
                    || "last_value".equals(ranked.path("operationType").asText())) {
                  problems.add(
                      id
                          + ": terms "
                          + column.getKey()
                          + " ranks by "
                          + rankBy
                          + ", which Elasticsearch cannot order buckets by");
                }
                if (!Set.of("asc", "desc").contains(params.path("orderDirection").asText())) {
                  problems.add(
                      id
                          + ": terms "
                          + column.getKey()
                          + " has orderDirection "
                          + params.path("orderDirection"));
                }
              });
    }

    private JsonNode column(String layerId, String columnId, String role) {
      JsonNode layer = layers.path(layerId);
      if (layer.isMissingNode()) {
        problems.add(id + ": " + role + " names missing layer " + layerId);
        return layer;
      }
      JsonNode column = layer.path("columns").path(columnId);
      if (column.isMissingNode()) {
        problems.add(id + ": " + role + " " + columnId + " is not a column of layer " + layerId);
      }
      return column;
    }

    private void accessor(String layerId, JsonNode accessor, String role) {
      if (accessor.isTextual()) {
        column(layerId, accessor.asText(), role);
      }
    }

    private void collapse(JsonNode fn, boolean hasBreakdown) {
      if (fn.isMissingNode() || fn.asText().isEmpty()) {
        return;
      }
      if (!COLLAPSE_FUNCTIONS.contains(fn.asText())) {
        problems.add(
            id
                + ": collapse function "
                + fn.asText()
                + " is not one of "
                + new TreeSet<>(COLLAPSE_FUNCTIONS));
      }
      if (!hasBreakdown) {
        problems.add(id + ": collapses by " + fn.asText() + " without a breakdown to collapse");
      }
    }

    private void xy() {
      for (JsonNode layer : visualization.path("layers")) {
        String layerId = layer.path("layerId").asText();
        if (!"data".equals(layer.path("layerType").asText("data"))) {
          continue;
        }
        if (!SERIES_TYPES.contains(layer.path("seriesType").asText())) {
          problems.add(
              id
                  + ": series type "
                  + layer.path("seriesType").asText()
                  + " is not one of Lens' "
                  + new TreeSet<>(SERIES_TYPES));
        }
        accessor(layerId, layer.path("xAccessor"), "xAccessor");
        accessor(layerId, layer.path("splitAccessor"), "splitAccessor");
        layer.path("accessors").forEach(a -> accessor(layerId, a, "accessor"));
        Set<String> accessors = new HashSet<>();
        layer.path("accessors").forEach(a -> accessors.add(a.asText()));
        for (JsonNode y : layer.path("yConfig")) {
          if (!accessors.contains(y.path("forAccessor").asText())) {
            problems.add(
                id
                    + ": yConfig for "
                    + y.path("forAccessor").asText()
                    + ", which is not an accessor");
          }
        }
        collapse(layer.path("collapseFn"), layer.hasNonNull("splitAccessor"));
      }
      topListIfHorizontal();
    }

    private void metric() {
      String layerId = visualization.path("layerId").asText();
      if (!visualization.hasNonNull("metricAccessor")) {
        problems.add(id + ": metric without metricAccessor");
      }
      boolean collapses = visualization.hasNonNull("collapseFn");
      for (String role : List.of("metricAccessor", "secondaryMetricAccessor", "maxAccessor")) {
        JsonNode accessor = visualization.path(role);
        if (!accessor.isTextual()) {
          continue;
        }
        JsonNode column = column(layerId, accessor.asText(), role);
        if (collapses
            && !column.isMissingNode()
            && !"number".equals(column.path("dataType").asText())) {
          problems.add(
              id
                  + ": "
                  + role
                  + " "
                  + accessor.asText()
                  + " is a "
                  + column.path("dataType").asText()
                  + ", which the collapse by "
                  + visualization.path("collapseFn").asText()
                  + " would aggregate too");
        }
      }
      accessor(layerId, visualization.path("breakdownByAccessor"), "breakdownByAccessor");
      collapse(visualization.path("collapseFn"), visualization.hasNonNull("breakdownByAccessor"));
    }

    private void datatable() {
      String layerId = visualization.path("layerId").asText();
      for (JsonNode column : visualization.path("columns")) {
        JsonNode c = column(layerId, column.path("columnId").asText(), "table column");
        if (column.has("summaryRow")) {
          String summary = column.path("summaryRow").asText();
          if (!SUMMARY_ROWS.contains(summary)) {
            problems.add(
                id + ": summary row " + summary + " is not one of " + new TreeSet<>(SUMMARY_ROWS));
          } else if (!"none".equals(summary) && !"number".equals(c.path("dataType").asText())) {
            problems.add(
                id
                    + ": summary row on "
                    + column.path("columnId").asText()
                    + ", which is not a number");
          }
        }
        collapse(column.path("collapseFn"), true);
      }
      accessor(layerId, visualization.path("sorting").path("columnId"), "sort column");
      topList(layerId);
    }

    private void pie() {
      for (JsonNode layer : visualization.path("layers")) {
        String layerId = layer.path("layerId").asText();
        Consumer<JsonNode> each = a -> accessor(layerId, a, "pie dimension");
        layer.path("primaryGroups").forEach(each);
        layer.path("secondaryGroups").forEach(each);
        layer.path("metrics").forEach(each);
      }
    }

    /** Tables and horizontal bars are top lists; see the class comment. */
    private void topListIfHorizontal() {
      for (JsonNode layer : visualization.path("layers")) {
        if (layer.path("seriesType").asText().startsWith("bar_horizontal")) {
          topList(layer.path("layerId").asText());
        }
      }
    }

    private void topList(String layerId) {
      JsonNode columns = layers.path(layerId).path("columns");
      Set<String> queried = KqlFields.in(state.path("query").path("query").asText(""));
      for (Map.Entry<String, JsonNode> column : iterable(columns)) {
        JsonNode params = column.getValue().path("params");
        if (!"terms".equals(column.getValue().path("operationType").asText())
            || !"column".equals(params.path("orderBy").path("type").asText())) {
          continue;
        }
        JsonNode ranked = columns.path(params.path("orderBy").path("columnId").asText());
        String operation = ranked.path("operationType").asText();
        boolean filteredCount = "count".equals(operation) && ranked.hasNonNull("filter");
        boolean fieldMetric =
            !"count".equals(operation)
                && ranked.hasNonNull("sourceField")
                && !queried.contains(ranked.path("sourceField").asText());
        if (filteredCount || fieldMetric) {
          problems.add(
              id
                  + ": top list "
                  + column.getKey()
                  + " ranks by "
                  + (filteredCount
                      ? "a filtered count"
                      : operation + " of " + ranked.path("sourceField").asText())
                  + " and pads itself with zero rows; put the condition in the"
                  + " visualization's query (e.g. \"field > 0\")");
        }
      }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
      return object::fields;
    }
  }
}
