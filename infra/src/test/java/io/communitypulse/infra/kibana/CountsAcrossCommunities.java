package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks that every panel adds counts up across communities, as the shared space needs (the same
 * file serves it and every community's space; docs/dashboards.md, "One community or all").
 *
 * <p>A <em>count</em> is a {@code long} field of the member or community documents, taken from the
 * mapping: members, posts, visits. A panel may aggregate a count with {@code sum}; any other
 * operation (average, max, last value, …) averages or picks across communities unless the layer
 * breaks the count down by {@code community_id}: one series, row or tile per community, or all of
 * them added up again by Lens' "collapse by sum". A summed breakdown must reach {@link
 * #SUMMED_COMMUNITIES} communities and have no "Other" bucket, so no community drops out of the
 * total or gets averaged into "Other".
 *
 * <p>A count of a window or a level ({@link #WINDOW_COUNTS}: active members, creators, {@code
 * promoted_28d}, …) is a state of its day, not an event of it: summing it over several days
 * multiplies it whenever Kibana groups days into weeks, so such a count is never summed directly;
 * it is taken per community and day and the communities are summed by the collapse.
 */
final class CountsAcrossCommunities {

  /** The data views whose {@code long} fields are counts to add up across communities. */
  static final Set<String> COUNTED_ALIASES = Set.of("pulse-communities", "pulse-members");

  static final String COMMUNITY_FIELD = "community_id";

  /** The least size of a community breakdown whose communities are added up. */
  static final int SUMMED_COMMUNITIES = 100;

  /** Community-day counts that hold for a window or a level rather than happening on the day. */
  static final Pattern WINDOW_COUNTS =
      Pattern.compile("active_members_\\w+|creators|contributors|lurkers|\\w+_(?:7d|28d)");

  static final String WINDOW_COUNT_ALIAS = "pulse-communities";

  private static final String COUNT_TYPE = "long";
  private static final Set<String> COLLAPSE_FUNCTIONS = Set.of("sum", "avg", "min", "max");

  private CountsAcrossCommunities() {}

  /** The count fields of an alias: its {@code long} fields, sorted. */
  static Set<String> countFields(IndexTemplateMappings templates, String alias) {
    Set<String> counts = new TreeSet<>();
    templates
        .fieldTypes(alias + "-" + DashboardFieldCheck.INDEX_GENERATION)
        .forEach(
            (field, type) -> {
              if (COUNT_TYPE.equals(type)) {
                counts.add(field);
              }
            });
    return counts;
  }

  /** Every panel that averages or picks a count across communities; empty when none does. */
  static List<String> problems(SavedObjectFile file, IndexTemplateMappings templates) {
    Map<String, Set<String>> countsByAlias = new LinkedHashMap<>();
    for (String alias : COUNTED_ALIASES) {
      countsByAlias.put(alias, countFields(templates, alias));
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode lens : file.ofType("lens")) {
      String id = lens.path("id").asText();
      JsonNode state = lens.path("attributes").path("state");
      String visType = lens.path("attributes").path("visualizationType").asText();
      state
          .path("datasourceStates")
          .path("formBased")
          .path("layers")
          .fields()
          .forEachRemaining(
              layer -> {
                Optional<String> alias =
                    SavedObjectFile.referencedId(
                            lens, FieldUses.LAYER_REFERENCE_PREFIX + layer.getKey())
                        .flatMap(viewId -> file.find("index-pattern", viewId))
                        .map(view -> view.path("attributes").path("title").asText());
                if (alias.isEmpty() || !countsByAlias.containsKey(alias.get())) {
                  return;
                }
                layer(
                    id,
                    visType,
                    state.path("visualization"),
                    layer.getKey(),
                    layer.getValue().path("columns"),
                    alias.get(),
                    countsByAlias.get(alias.get()),
                    problems);
              });
    }
    return problems;
  }

  private static void layer(
      String id,
      String visType,
      JsonNode visualization,
      String layerId,
      JsonNode columns,
      String alias,
      Set<String> counts,
      List<String> problems) {
    String communityColumn = null;
    for (Map.Entry<String, JsonNode> column : iterable(columns)) {
      JsonNode c = column.getValue();
      if (c.path("isBucketed").asBoolean()
          && "terms".equals(c.path("operationType").asText())
          && COMMUNITY_FIELD.equals(c.path("sourceField").asText())) {
        communityColumn = column.getKey();
      }
    }
    for (Map.Entry<String, JsonNode> column : iterable(columns)) {
      JsonNode c = column.getValue();
      String field = c.path("sourceField").asText("");
      if (c.path("isBucketed").asBoolean() || !counts.contains(field)) {
        continue;
      }
      String operation = c.path("operationType").asText();
      String use = id + " takes " + operation + " of count " + field;
      if (communityColumn == null) {
        if (!"sum".equals(operation)) {
          problems.add(
              use
                  + " across communities; sum it, or break it down by "
                  + COMMUNITY_FIELD
                  + " (and collapse by sum to add the communities up)");
        }
      } else {
        JsonNode breakdown = columns.path(communityColumn);
        Optional<String> collapse;
        try {
          collapse = collapseOf(visType, visualization, layerId, communityColumn);
        } catch (IllegalArgumentException e) {
          problems.add(id + ": " + e.getMessage());
          return;
        }
        if (collapse.isPresent() && !"sum".equals(collapse.get())) {
          problems.add(
              use
                  + ", then collapses the communities by "
                  + collapse.get()
                  + "; a count needs sum");
        } else if (!"sum".equals(operation)
            && breakdown.path("params").path("otherBucket").asBoolean()) {
          problems.add(
              use + " per community, but the \"Other\" bucket merges the rest; turn it off");
        } else if (collapse.isPresent()
            && breakdown.path("params").path("size").asInt() < SUMMED_COMMUNITIES) {
          problems.add(
              use
                  + " and adds up only "
                  + breakdown.path("params").path("size").asInt()
                  + " communities; the breakdown needs at least "
                  + SUMMED_COMMUNITIES);
        }
      }
      if ("sum".equals(operation)
          && WINDOW_COUNT_ALIAS.equals(alias)
          && WINDOW_COUNTS.matcher(field).matches()) {
        problems.add(
            use
                + ": it counts a window or a level, so adding up days multiplies it; take it per"
                + " community and day (average or last value) and collapse the communities by"
                + " sum");
      }
    }
  }

  /**
   * How a visualisation collapses a bucket column of a layer ({@code sum}, {@code avg}, …), where
   * each Lens visualisation keeps it: an XY layer on its breakdown ({@code splitAccessor}), a
   * metric on its {@code breakdownByAccessor}, a table per column, a pie per group. Empty when the
   * column is shown as its own series, tiles, rows or axis.
   */
  static Optional<String> collapseOf(
      String visType, JsonNode visualization, String layerId, String columnId) {
    String fn = null;
    switch (visType) {
      case "lnsXY" -> {
        for (JsonNode layer : visualization.path("layers")) {
          if (layerId.equals(layer.path("layerId").asText())
              && columnId.equals(layer.path("splitAccessor").asText())) {
            fn = layer.path("collapseFn").asText(null);
          }
        }
      }
      case "lnsMetric" -> {
        if (layerId.equals(visualization.path("layerId").asText())
            && columnId.equals(visualization.path("breakdownByAccessor").asText())) {
          fn = visualization.path("collapseFn").asText(null);
        }
      }
      case "lnsDatatable" -> {
        for (JsonNode column : visualization.path("columns")) {
          if (columnId.equals(column.path("columnId").asText())) {
            fn = column.path("collapseFn").asText(null);
          }
        }
      }
      case "lnsPie" -> {
        for (JsonNode layer : visualization.path("layers")) {
          if (layerId.equals(layer.path("layerId").asText())) {
            fn = layer.path("collapseFns").path(columnId).asText(null);
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "visualization type " + visType + " is not understood by the count check");
    }
    if (fn == null || fn.isEmpty()) {
      return Optional.empty();
    }
    if (!COLLAPSE_FUNCTIONS.contains(fn)) {
      throw new IllegalArgumentException(
          "collapse function " + fn + " is not one of " + new TreeSet<>(COLLAPSE_FUNCTIONS));
    }
    return Optional.of(fn);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
