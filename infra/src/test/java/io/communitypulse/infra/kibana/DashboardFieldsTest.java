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
import java.util.TreeSet;
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
                "pulse-lens-top-advocates", "pulse-members", "d28.referral_signups", "sum"),
            new FieldUse("pulse-lens-top-advocates", "pulse-members", "member_id", "terms"),
            new FieldUse("pulse-lens-advocates-now", "pulse-members", "advocate", "query"),
            new FieldUse("pulse-lens-health-index-now", "pulse-communities", "day", "sort"),
            new FieldUse("pulse-lens-visits-over-time", "pulse-sessions", "member_id", "query"),
            new FieldUse(
                "pulse-lens-visits-over-time", "pulse-sessions", "start", "date_histogram"),
            new FieldUse("pulse-lens-promoted-now", "pulse-communities", "final", "query"),
            new FieldUse(
                "pulse-lens-promoted-now", "pulse-communities", "promoted_28d", "last_value"),
            new FieldUse("pulse-lens-members-moved-up", "pulse-members", "level_change", "query"),
            new FieldUse("pulse-lens-level-moves", "pulse-members", "level_28d_ago", "terms"),
            new FieldUse(
                "pulse-lens-community-value-table",
                "pulse-communities",
                "value_quadrant",
                "last_value"),
            new FieldUse(
                "pulse-lens-community-value-table", "pulse-communities", "day", "last_value"),
            new FieldUse(
                "pulse-lens-value-quadrant-over-time",
                "pulse-communities",
                "community_id",
                "unique_count"));
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
  void theDashboardsAMarketerOpensAreThere() {
    assertThat(file.ofType("dashboard"))
        .extracting(d -> d.path("attributes").path("title").asText())
        .containsExactlyInAnyOrder(
            "Community health",
            "Advocates and ROI",
            "Member engagement",
            "Growth",
            "Value",
            "Sessions");
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

  @Test
  void noPanelAveragesOrPicksACountAcrossCommunities() {
    assertThat(CountsAcrossCommunities.problems(file, templates)).isEmpty();
  }

  @Test
  void countsAreTheLongFieldsOfTheMappingAndTheirWindowCountsAreKnown() {
    Set<String> counts = CountsAcrossCommunities.countFields(templates, "pulse-communities");

    assertThat(counts)
        .contains("posts", "creators", "promoted_28d", "demoted_28d", "referral_conversions_28d")
        .doesNotContain("stickiness", "health_index", "newcomer_retention_28d", "day", "final");
    assertThat(CountsAcrossCommunities.countFields(templates, "pulse-members"))
        .contains("d28.referral_signups", "d7.posts")
        .doesNotContain("engagement_score", "level_change");
    // A new count is either an event of its day (summed over days) or a window or level (never
    // summed over days): this list makes whoever adds one decide which.
    Set<String> windows = new TreeSet<>();
    for (String count : counts) {
      if (CountsAcrossCommunities.WINDOW_COUNTS.matcher(count).matches()) {
        windows.add(count);
      }
    }
    assertThat(windows)
        .containsExactly(
            "active_members_1d",
            "active_members_28d",
            "active_members_7d",
            "contributors",
            "creators",
            "demoted_28d",
            "lurkers",
            "promoted_28d",
            "referral_conversions_28d");
  }

  @Test
  void reportsCountsAveragedPickedOrCollapsedAcrossCommunities() {
    String community =
        "\"c\":{\"operationType\":\"terms\",\"sourceField\":\"community_id\","
            + "\"isBucketed\":true,\"params\":{\"size\":%d,\"otherBucket\":%b}}";
    String xySplit =
        "{\"layers\":[{\"layerId\":\"l1\",\"seriesType\":\"line\",\"splitAccessor\":\"c\""
            + "%s}]}";
    SavedObjectFile panels =
        SavedObjectFile.parse(
            String.join(
                "\n",
                dataView("pulse-communities", "day"),
                dataView("pulse-members", "as_of"),
                lens(
                    "averaged",
                    "pulse-communities",
                    "lnsXY",
                    metricColumn("average", "creators"),
                    "{}"),
                lens(
                    "collapsed-by-avg",
                    "pulse-communities",
                    "lnsXY",
                    community.formatted(100, false) + "," + metricColumn("average", "lurkers"),
                    xySplit.formatted(",\"collapseFn\":\"avg\"")),
                lens(
                    "too-few-summed",
                    "pulse-communities",
                    "lnsMetric",
                    community.formatted(10, false) + "," + metricColumn("last_value", "lurkers"),
                    "{\"layerId\":\"l1\",\"breakdownByAccessor\":\"c\",\"collapseFn\":\"sum\"}"),
                lens(
                    "other-bucket",
                    "pulse-communities",
                    "lnsXY",
                    community.formatted(10, true) + "," + metricColumn("average", "creators"),
                    xySplit.formatted("")),
                lens(
                    "window-summed",
                    "pulse-communities",
                    "lnsXY",
                    metricColumn("sum", "active_members_28d"),
                    "{}"),
                lens(
                    "member-max", "pulse-members", "lnsXY", metricColumn("max", "d28.posts"), "{}"),
                // Fine: per community, added up by sum, and a daily event summed.
                lens(
                    "per-community",
                    "pulse-communities",
                    "lnsXY",
                    community.formatted(10, false) + "," + metricColumn("average", "creators"),
                    xySplit.formatted("")),
                lens(
                    "summed",
                    "pulse-communities",
                    "lnsXY",
                    community.formatted(100, false) + "," + metricColumn("average", "creators"),
                    xySplit.formatted(",\"collapseFn\":\"sum\"")),
                lens("events", "pulse-communities", "lnsXY", metricColumn("sum", "posts"), "{}")));

    assertThat(CountsAcrossCommunities.problems(panels, templates))
        .containsExactlyInAnyOrder(
            "averaged takes average of count creators across communities; sum it, or break it"
                + " down by community_id (and collapse by sum to add the communities up)",
            "collapsed-by-avg takes average of count lurkers, then collapses the communities by"
                + " avg; a count needs sum",
            "too-few-summed takes last_value of count lurkers and adds up only 10 communities;"
                + " the breakdown needs at least 100",
            "other-bucket takes average of count creators per community, but the \"Other\""
                + " bucket merges the rest; turn it off",
            "window-summed takes sum of count active_members_28d: it counts a window or a level,"
                + " so adding up days multiplies it; take it per community and day (average or"
                + " last value) and collapse the communities by sum",
            "member-max takes max of count d28.posts across communities; sum it, or break it"
                + " down by community_id (and collapse by sum to add the communities up)");
  }

  @Test
  void chartsThatShowSomeCommunitiesShowTheWeakest() {
    for (JsonNode lens : file.ofType("lens")) {
      for (JsonNode column : columns(lens)) {
        JsonNode params = column.path("params");
        if ("community_id".equals(column.path("sourceField").asText())
            && "column".equals(params.path("orderBy").path("type").asText())) {
          assertThat(params.path("orderDirection").asText())
              .as("communities ranked in %s", lens.path("id").asText())
              .isEqualTo("asc");
        }
      }
    }
  }

  @Test
  void latestFiguresReadFinalDaysAndSaySo() {
    for (JsonNode lens : file.ofType("lens")) {
      JsonNode state = lens.path("attributes").path("state");
      boolean communities =
          SavedObjectFile.referencedId(lens, "indexpattern-datasource-layer-" + layerId(lens))
              .orElseThrow()
              .equals("pulse-communities");
      boolean latest = false;
      for (JsonNode column : columns(lens)) {
        if (communities && "last_value".equals(column.path("operationType").asText())) {
          latest = true;
          assertThat(column.path("filter").path("query").asText())
              .as("last value in %s", lens.path("id").asText())
              .startsWith("final : true");
        }
      }
      if (latest
          && "lnsMetric".equals(lens.path("attributes").path("visualizationType").asText())) {
        assertThat(state.path("visualization").path("subtitle").asText())
            .as("subtitle of %s", lens.path("id").asText())
            .contains("latest final day");
      }
    }
  }

  @Test
  void savedObjectsFitKibanasAttributeSchemas() {
    assertThat(SavedObjectSchemas.problems(file)).isEmpty();
  }

  @Test
  void reportsAttributesKibanaWouldRefuse() {
    String dashboard =
        """
        {"type":"dashboard","id":"d","attributes":{"title":"t","timeRestore":"yes",\
        "refreshInterval":{"value":60000},"panelsJSON":"[{\\"type\\":\\"lens\\",\\"gridData\\":\
        {\\"x\\":0,\\"y\\":0,\\"w\\":8,\\"h\\":5},\\"panelIndex\\":\\"p\\",\\"color\\":\\"red\\"}]"},\
        "references":[]}""";
    String lens =
        "{\"type\":\"lens\",\"id\":\"l\",\"attributes\":{\"title\":\"t\",\"subtitle\":\"s\","
            + "\"description\":null,\"state\":{}},\"references\":[]}";

    assertThat(SavedObjectSchemas.problems(SavedObjectFile.parse(dashboard + "\n" + lens)))
        .containsExactlyInAnyOrder(
            "l attributes has subtitle, which Kibana's schema does not allow; allowed:"
                + " [description, state, title, version, visualizationType]",
            "l attributes.description is not a STRING",
            "d attributes.timeRestore is not a BOOLEAN",
            "d refreshInterval lacks pause",
            "d panel p has color, which Kibana's schema does not allow; allowed: [embeddableConfig,"
                + " gridData, id, panelIndex, panelRefName, title, type, version]",
            "d panel p gridData lacks i");
  }

  @Test
  void lensStatesHoldTogether() {
    assertThat(LensStates.problems(file)).isEmpty();
  }

  @Test
  void reportsLensStatesThatWouldNotRender() {
    String date =
        "\"d\":{\"operationType\":\"last_value\",\"sourceField\":\"day\",\"dataType\":\"date\"}";
    String value =
        "\"v\":{\"operationType\":\"last_value\",\"sourceField\":\"lurkers\","
            + "\"dataType\":\"number\"}";
    String community =
        "\"c\":{\"operationType\":\"terms\",\"sourceField\":\"community_id\","
            + "\"isBucketed\":true,\"params\":{\"size\":100,\"orderBy\":{\"type\":\"column\","
            + "\"columnId\":\"v\"},\"orderDirection\":\"asc\"}}";
    String page =
        "\"p\":{\"operationType\":\"terms\",\"sourceField\":\"entry_url\",\"isBucketed\":true,"
            + "\"params\":{\"orderBy\":{\"type\":\"column\",\"columnId\":\"n\"},"
            + "\"orderDirection\":\"desc\"}},\"n\":{\"operationType\":\"count\","
            + "\"sourceField\":\"___records___\",\"filter\":{\"query\":\"referred_by : *\"}}";
    SavedObjectFile broken =
        SavedObjectFile.parse(
            String.join(
                "\n",
                lens(
                    "metric",
                    "pulse-communities",
                    "lnsMetric",
                    community + "," + value + "," + date,
                    "{\"layerId\":\"l1\",\"metricAccessor\":\"v\",\"secondaryMetricAccessor\":\"d\","
                        + "\"breakdownByAccessor\":\"c\",\"collapseFn\":\"sum\"}"),
                lens(
                    "bars",
                    "pulse-sessions",
                    "lnsXY",
                    page,
                    "{\"layers\":[{\"layerId\":\"l1\",\"seriesType\":\"bar_horizontal\","
                        + "\"xAccessor\":\"p\",\"accessors\":[\"n\",\"gone\"],\"collapseFn\":\"sum\"}]}"),
                lens("gauge", "pulse-sessions", "lnsGauge", page, "{}")));

    assertThat(LensStates.problems(broken))
        .containsExactlyInAnyOrder(
            "metric: terms c ranks by v, which Elasticsearch cannot order buckets by",
            "metric: secondaryMetricAccessor d is a date, which the collapse by sum would"
                + " aggregate too",
            "bars: accessor gone is not a column of layer l1",
            "bars: collapses by sum without a breakdown to collapse",
            "bars: top list p ranks by a filtered count and pads itself with zero rows; put the"
                + " condition in the visualization's query (e.g. \"field > 0\")",
            "gauge: visualization type lnsGauge is not checked; use one of [lnsDatatable,"
                + " lnsMetric, lnsPie, lnsXY]");
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

  /** A Lens object with one layer l1 on a data view, its columns and its visualization. */
  private static String lens(
      String id, String dataView, String visType, String columns, String visualization) {
    // Every column needs a columnOrder entry; the names are the keys of the columns object.
    List<String> names = new java.util.ArrayList<>();
    SavedObjectFile.parseEmbedded(
            SavedObjectFile.MAPPER.getNodeFactory().textNode("{" + columns + "}"), id)
        .fieldNames()
        .forEachRemaining(n -> names.add("\"" + n + "\""));
    return ("{\"type\":\"lens\",\"id\":\"%s\",\"attributes\":{\"title\":\"t\","
            + "\"visualizationType\":\"%s\",\"state\":{\"visualization\":%s,"
            + "\"datasourceStates\":{\"formBased\":{\"layers\":{\"l1\":{\"columns\":{%s},"
            + "\"columnOrder\":[%s]}}}},\"query\":{\"query\":\"\",\"language\":\"kuery\"},"
            + "\"filters\":[]}},\"references\":[{\"type\":\"index-pattern\",\"id\":\"%s\","
            + "\"name\":\"indexpattern-datasource-layer-l1\"}]}")
        .formatted(id, visType, visualization, columns, String.join(",", names), dataView);
  }

  private static String metricColumn(String operation, String field) {
    return "\"m\":{\"operationType\":\"%s\",\"sourceField\":\"%s\",\"isBucketed\":false}"
        .formatted(operation, field);
  }

  private static String layerId(JsonNode lens) {
    return lens.path("attributes")
        .path("state")
        .path("datasourceStates")
        .path("formBased")
        .path("layers")
        .fieldNames()
        .next();
  }

  private static Iterable<JsonNode> columns(JsonNode lens) {
    JsonNode layer =
        lens.path("attributes")
            .path("state")
            .path("datasourceStates")
            .path("formBased")
            .path("layers")
            .path(layerId(lens));
    return layer.path("columns")::elements;
  }
}
