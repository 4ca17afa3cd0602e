package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks what makes a saved-objects file import cleanly and survive the per-community rewrite:
 * unique ids; every reference resolves to an object of the file; data view titles are our aliases
 * and appear nowhere else (the setup rewrites titles and ids, and only reaches data views through
 * {@code references}); every dashboard panel is reached through its {@code
 * <panelIndex>:panel_<panelIndex>} reference to an object of the panel's type; panels fit the
 * 48-column grid without overlapping; every dashboard has enough panels to be worth opening.
 */
final class SavedObjectStructure {

  static final int GRID_COLUMNS = 48;

  private SavedObjectStructure() {}

  static List<String> problems(SavedObjectFile file, Set<String> aliases, int minPanels) {
    List<String> problems = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (JsonNode object : file.all()) {
      String id = object.path("id").asText();
      if (!keys.add(object.path("type").asText() + "/" + id)) {
        problems.add(id + ": id used twice for type " + object.path("type").asText());
      }
      for (String field : List.of("coreMigrationVersion", "typeMigrationVersion")) {
        if (!object.hasNonNull(field)) {
          problems.add(id + ": no " + field + ", Kibana would not know which migrations to run");
        }
      }
      for (JsonNode ref : object.path("references")) {
        String type = ref.path("type").asText();
        String target = ref.path("id").asText();
        if (file.find(type, target).isEmpty()) {
          problems.add(
              id
                  + ": reference "
                  + ref.path("name").asText()
                  + " to missing "
                  + type
                  + "/"
                  + target);
        }
      }
      if (!object.path("type").asText().equals("index-pattern")) {
        String attributes = object.path("attributes").toString();
        for (String alias : aliases) {
          if (attributes.contains(alias)) {
            problems.add(id + ": names " + alias + " outside a data view; use a reference");
          }
        }
      }
    }
    for (JsonNode view : file.ofType("index-pattern")) {
      String title = view.path("attributes").path("title").asText();
      if (!aliases.contains(title)) {
        problems.add(view.path("id").asText() + ": title " + title + " is not one of " + aliases);
      }
    }
    for (JsonNode dashboard : file.ofType("dashboard")) {
      panels(file, dashboard, minPanels, problems);
    }
    return problems;
  }

  private static void panels(
      SavedObjectFile file, JsonNode dashboard, int minPanels, List<String> problems) {
    String id = dashboard.path("id").asText();
    JsonNode panels =
        SavedObjectFile.parseEmbedded(
            dashboard.path("attributes").get("panelsJSON"), id + " panelsJSON");
    if (!panels.isArray() || panels.size() < minPanels) {
      problems.add(id + ": " + panels.size() + " panels, fewer than " + minPanels);
      return;
    }
    List<JsonNode> placed = new ArrayList<>();
    for (JsonNode panel : panels) {
      String index = panel.path("panelIndex").asText();
      JsonNode grid = panel.path("gridData");
      if (!index.equals(grid.path("i").asText())) {
        problems.add(id + ": panel " + index + " has gridData.i " + grid.path("i").asText());
      }
      int x = grid.path("x").asInt();
      int w = grid.path("w").asInt();
      if (x < 0 || w <= 0 || x + w > GRID_COLUMNS || grid.path("h").asInt() <= 0) {
        problems.add(id + ": panel " + index + " does not fit the grid: " + grid);
      }
      for (JsonNode other : placed) {
        if (overlap(grid, other)) {
          problems.add(id + ": panel " + index + " overlaps " + other.path("i").asText());
        }
      }
      placed.add(grid);
      String refName = panel.path("panelRefName").asText();
      if (!refName.equals("panel_" + index)) {
        problems.add(id + ": panel " + index + " has panelRefName " + refName);
        continue;
      }
      JsonNode reference = null;
      for (JsonNode ref : dashboard.path("references")) {
        if (ref.path("name").asText().equals(index + ":" + refName)) {
          reference = ref;
        }
      }
      if (reference == null) {
        problems.add(id + ": panel " + index + " has no reference " + index + ":" + refName);
      } else if (!reference.path("type").asText().equals(panel.path("type").asText())) {
        problems.add(
            id
                + ": panel "
                + index
                + " is a "
                + panel.path("type").asText()
                + " but refers to a "
                + reference.path("type").asText());
      }
    }
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
