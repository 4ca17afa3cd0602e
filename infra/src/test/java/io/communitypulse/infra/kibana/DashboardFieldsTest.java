package io.communitypulse.infra.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kibana saved objects shipped in the infra jar ({@code infra/kibana/}) against the
 * Elasticsearch templates shipped beside them ({@code infra/elasticsearch/}): read from the
 * classpath, so the test also proves both are packaged.
 */
class DashboardFieldsTest {

  private static final String SAVED_OBJECTS = "/infra/kibana/pulse-saved-objects.ndjson";
  private static final Set<String> ALIASES =
      Set.of("pulse-sessions", "pulse-members", "pulse-communities");
  private static final int MIN_PANELS = 4;

  private static SavedObjectFile file;
  private static IndexTemplateMappings templates;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    try (InputStream in =
        Objects.requireNonNull(
            DashboardFieldsTest.class.getResourceAsStream(SAVED_OBJECTS), SAVED_OBJECTS)) {
      file = SavedObjectFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    templates =
        IndexTemplateMappings.load(
            Path.of(DashboardFieldsTest.class.getResource("/infra/elasticsearch").toURI()));
  }

  @Test
  void everyFieldADashboardUsesExistsWithATypeThatSuitsItsUse() {
    assertThat(DashboardFieldCheck.problems(file, templates)).isEmpty();
  }

  @Test
  void theCheckSeesTheFieldsOfEveryKindOfUse() {
    FieldUses found = FieldUses.of(file);

    assertThat(found.problems).isEmpty();
    assertThat(found.uses)
        .hasSizeGreaterThan(100)
        .contains(
            new FieldUse("pulse-communities", "pulse-communities", "day", "time field"),
            new FieldUse(
                "pulse-lens-top-advocates", "pulse-members", "d28.referral_signups", "max"),
            new FieldUse("pulse-lens-top-advocates", "pulse-members", "member_id", "terms"),
            new FieldUse("pulse-lens-advocates-now", "pulse-members", "advocate", "query"),
            new FieldUse("pulse-lens-health-index-now", "pulse-communities", "day", "sort"),
            new FieldUse("pulse-lens-visits-over-time", "pulse-sessions", "member_id", "query"),
            new FieldUse(
                "pulse-lens-visits-over-time", "pulse-sessions", "start", "date_histogram"));
  }

  @Test
  void referencesPanelsAndTitlesHoldTogether() {
    assertThat(SavedObjectStructure.problems(file, ALIASES, MIN_PANELS)).isEmpty();
  }

  @Test
  void dataViewsAreTheThreeAliasesWithTheirTimeFields() {
    Map<String, String> timeFieldById =
        file.ofType("index-pattern").stream()
            .collect(
                Collectors.toMap(
                    v -> v.path("id").asText(),
                    v -> v.path("attributes").path("timeFieldName").asText()));
    assertThat(timeFieldById)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "pulse-sessions", "start", "pulse-members", "as_of", "pulse-communities", "day"));
    assertThat(file.ofType("index-pattern"))
        .allSatisfy(
            v ->
                assertThat(v.path("attributes").path("title").asText())
                    .isEqualTo(v.path("id").asText()));
  }

  @Test
  void theFourDashboardsAMarketerOpensFirstAreThere() {
    assertThat(file.ofType("dashboard"))
        .extracting(d -> d.path("attributes").path("title").asText())
        .containsExactlyInAnyOrder(
            "Community health", "Advocates and ROI", "Member engagement", "Sessions");
    assertThat(file.ofType("dashboard"))
        .allSatisfy(
            d -> {
              JsonNode panels =
                  SavedObjectFile.parseEmbedded(d.path("attributes").get("panelsJSON"), "panels");
              assertThat(panels.size()).isGreaterThanOrEqualTo(MIN_PANELS);
            });
  }

  @Test
  void everyPanelHasATitleAndADescriptionForItsReader() {
    assertThat(file.ofType("lens"))
        .allSatisfy(
            lens -> {
              assertThat(lens.path("attributes").path("title").asText()).isNotBlank();
              assertThat(lens.path("attributes").path("description").asText())
                  .as("description of %s", lens.path("id").asText())
                  .hasSizeGreaterThan(30);
            });
  }

  @Test
  void reportsAMissingFieldAndAFieldOfTheWrongType() {
    SavedObjectFile wrong =
        SavedObjectFile.parse(
            dataView("pulse-members", "member_id")
                + "\n"
                + lensObject(
                    "pulse-members",
                    """
                    "a":{"operationType":"sum","sourceField":"level","isBucketed":false},
                    "b":{"operationType":"average","sourceField":"d28.nope","isBucketed":false},
                    "c":{"operationType":"date_histogram","sourceField":"first_seen",
                         "isBucketed":true},
                    "d":{"operationType":"count","sourceField":"___records___",
                         "filter":{"language":"kuery","query":"not levl : \\"dormant\\""}},
                    "e":{"operationType":"terms","sourceField":"d28","isBucketed":true}
                    """));

    List<String> problems = DashboardFieldCheck.problems(wrong, templates);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "pulse-members uses member_id (time field) of data view pulse-members:"
                + " field type keyword does not suit time field, needs one of [date, date_nanos]",
            "test-lens uses level (sum) of data view pulse-members: field type keyword does not"
                + " suit sum, needs one of [byte, double, float, half_float, integer, long,"
                + " scaled_float, short, unsigned_long]",
            "test-lens uses d28.nope (average) of data view pulse-members: no such field in the"
                + " index template",
            "test-lens uses levl (query) of data view pulse-members: no such field in the index"
                + " template",
            "test-lens uses d28 (terms) of data view pulse-members: no such field in the index"
                + " template");
  }

  @Test
  void reportsALayerWithoutADataViewAndAnOperationWithoutARule() {
    String lens =
        lensObject(
                "pulse-members",
                "\"a\":{\"operationType\":\"cumulative_sum\",\"sourceField\":\"d28.posts\"}")
            .replace("indexpattern-datasource-layer-l1", "something-else");
    String ruleless =
        lensObject(
                "pulse-members",
                "\"a\":{\"operationType\":\"moving_median\",\"sourceField\":\"d28.posts\"}")
            .replace("test-lens", "ruleless");

    List<String> problems =
        DashboardFieldCheck.problems(
            SavedObjectFile.parse(
                dataView("pulse-members", "as_of") + "\n" + lens + "\n" + ruleless),
            templates);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "test-lens: layer l1 has no data view reference",
            "ruleless uses d28.posts (moving_median) of data view pulse-members: no type rule for"
                + " operation moving_median; add one");
  }

  @Test
  void reportsBrokenReferencesHardCodedTitlesAndThinDashboards() {
    String dashboard =
        """
        {"type":"dashboard","id":"d","coreMigrationVersion":"8.8.0","typeMigrationVersion":"10.2.0",
         "attributes":{"title":"on pulse-sessions","panelsJSON":"[{\\"type\\":\\"lens\\",\
        \\"gridData\\":{\\"x\\":40,\\"y\\":0,\\"w\\":12,\\"h\\":5,\\"i\\":\\"p1\\"},\
        \\"panelIndex\\":\\"p1\\",\\"panelRefName\\":\\"panel_p1\\"}]"},
         "references":[{"name":"p1:panel_p1","type":"lens","id":"nowhere"}]}
        """
            .replace("\n", "");
    SavedObjectFile broken =
        SavedObjectFile.parse(dataView("pulse-elsewhere", "as_of") + "\n" + dashboard);

    List<String> problems = SavedObjectStructure.problems(broken, ALIASES, 1);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "d: reference p1:panel_p1 to missing lens/nowhere",
            "d: names pulse-sessions outside a data view; use a reference",
            "pulse-elsewhere: title pulse-elsewhere is not one of " + ALIASES,
            "d: panel p1 does not fit the grid: {\"x\":40,\"y\":0,\"w\":12,\"h\":5,\"i\":\"p1\"}");
    assertThat(SavedObjectStructure.problems(broken, ALIASES, 2))
        .contains("d: 1 panels, fewer than 2");
  }

  @Test
  void templatesAreMergedAndFlattenedForTheConcreteIndex() {
    Map<String, String> members = templates.fieldTypes("pulse-members-v1");

    assertThat(members)
        .containsEntry("as_of", "date")
        .containsEntry("level", "keyword")
        .containsEntry("advocate", "boolean")
        .containsEntry("d28.referral_signups", "long")
        .doesNotContainKey("d28");
    assertThatThrownBy(() -> templates.fieldTypes("elsewhere-v1"))
        .hasMessageContaining("expected one index template for index elsewhere-v1");
  }

  @Test
  void kqlFieldsAreTheNamesBeforeAnOperatorNotWordsInsideValues() {
    assertThat(
            KqlFields.in(
                "not member_id : * and \"d28.posts\" >= 3 or (url : \"https://x:1\" and level:a)"))
        .containsExactly("member_id", "d28.posts", "url", "level");
  }

  private static String dataView(String title, String timeField) {
    return """
        {"type":"index-pattern","id":"%s","coreMigrationVersion":"8.8.0",\
        "typeMigrationVersion":"8.0.0","attributes":{"title":"%s","timeFieldName":"%s"},\
        "references":[]}"""
        .formatted(title, title, timeField);
  }

  private static String lensObject(String dataView, String columns) {
    return ("""
        {"type":"lens","id":"test-lens","coreMigrationVersion":"8.8.0",
         "typeMigrationVersion":"8.9.0","attributes":{"title":"t","visualizationType":"lnsXY",
         "state":{"datasourceStates":{"formBased":{"layers":{"l1":{"columns":{%s}}}}},
         "query":{"query":"","language":"kuery"},"filters":[]}},
         "references":[{"type":"index-pattern","id":"%s",
                        "name":"indexpattern-datasource-layer-l1"}]}
        """)
        .formatted(columns, dataView)
        .replace("\n", "");
  }
}
