package io.communitypulse.infra.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that every field the saved objects use exists in the Elasticsearch index templates of
 * their data view, with a type that suits the use ({@link FieldTypeRules}). A data view's title is
 * an alias ({@code pulse-members}); its fields are those of the concrete index behind it ({@code
 * pulse-members-v1}), whose mapping the index template gives.
 */
final class DashboardFieldCheck {

  /** The generation suffix of the concrete index behind each alias (the job's Aliases). */
  static final String INDEX_GENERATION = "v1";

  private DashboardFieldCheck() {}

  /** Every problem found, each naming the object, field and use; empty when all is well. */
  static List<String> problems(SavedObjectFile file, IndexTemplateMappings templates) {
    FieldUses found = FieldUses.of(file);
    List<String> problems = new ArrayList<>(found.problems);
    Map<String, Map<String, String>> typesByDataView = new HashMap<>();
    for (FieldUse use : found.uses) {
      Optional<JsonNode> view = file.find("index-pattern", use.dataViewId());
      if (view.isEmpty()) {
        problems.add(use + ": data view " + use.dataViewId() + " is not in the file");
        continue;
      }
      Map<String, String> types;
      try {
        types =
            typesByDataView.computeIfAbsent(
                use.dataViewId(),
                id -> {
                  String title = view.get().path("attributes").path("title").asText();
                  return templates.fieldTypes(title + "-" + INDEX_GENERATION);
                });
      } catch (IllegalArgumentException e) {
        problems.add(use + ": " + e.getMessage());
        continue;
      }
      FieldTypeRules.problem(use, types).ifPresent(problems::add);
    }
    return problems;
  }
}
