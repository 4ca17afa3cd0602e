package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template files on the classpath (from the pulse-infra jar) against the documents of
 * docs/semantics.md ("Sessions") and docs/indicators.md: every field mapped, with its type, and
 * nothing else.
 */
class IndexTemplatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final Map<String, String> SESSION_FIELDS = new LinkedHashMap<>();
  static final Map<String, String> MEMBER_FIELDS = new LinkedHashMap<>();
  static final Map<String, String> WINDOW_FIELDS = new LinkedHashMap<>();
  static final Map<String, String> COMMUNITY_FIELDS = new LinkedHashMap<>();

  static {
    keywords(SESSION_FIELDS, "session_id", "community_id", "actor", "member_id", "anonymous_ids");
    SESSION_FIELDS.put("start", "date");
    SESSION_FIELDS.put("end", "date");
    SESSION_FIELDS.put("duration_s", "double");
    longs(
        SESSION_FIELDS,
        "events",
        "page_views",
        "clicks",
        "searches",
        "posts",
        "replies",
        "reactions",
        "accepted_answers",
        "mentions",
        "shares",
        "conversions");
    SESSION_FIELDS.put("conversion_value", "double");
    keywords(SESSION_FIELDS, "entry_url", "exit_url", "referrer", "referred_by", "status");

    keywords(MEMBER_FIELDS, "community_id", "member_id", "level");
    MEMBER_FIELDS.put("engagement_score", "double");
    MEMBER_FIELDS.put("advocacy_score", "double");
    MEMBER_FIELDS.put("advocate", "boolean");
    keywords(MEMBER_FIELDS, "level_28d_ago", "level_change");
    MEMBER_FIELDS.put("engagement_score_28d_ago", "double");
    MEMBER_FIELDS.put("first_seen", "date");
    MEMBER_FIELDS.put("last_seen", "date");
    MEMBER_FIELDS.put("as_of", "date");
    MEMBER_FIELDS.put("d7", "object");
    MEMBER_FIELDS.put("d28", "object");

    longs(WINDOW_FIELDS, "active_days", "sessions");
    WINDOW_FIELDS.put("session_minutes", "double");
    longs(
        WINDOW_FIELDS,
        "page_views",
        "posts",
        "replies",
        "reactions_given",
        "shares",
        "replies_received",
        "reactions_received",
        "answers_accepted",
        "mentions_received",
        "referral_visits",
        "referral_signups",
        "referral_conversions");
    WINDOW_FIELDS.put("referral_conversion_value", "double");
    WINDOW_FIELDS.put("members_helped", "long");

    COMMUNITY_FIELDS.put("community_id", "keyword");
    COMMUNITY_FIELDS.put("day", "date");
    longs(
        COMMUNITY_FIELDS,
        "active_members_1d",
        "active_members_7d",
        "active_members_28d",
        "visitors_1d",
        "new_members_1d");
    COMMUNITY_FIELDS.put("stickiness", "double");
    longs(COMMUNITY_FIELDS, "creators", "contributors", "lurkers", "posts", "replies", "shares");
    COMMUNITY_FIELDS.put("response_rate_24h", "double");
    COMMUNITY_FIELDS.put("median_first_response_minutes", "double");
    COMMUNITY_FIELDS.put("reciprocity_28d", "double");
    longs(COMMUNITY_FIELDS, "referral_visits", "referral_conversions");
    COMMUNITY_FIELDS.put("referral_conversion_value", "double");
    COMMUNITY_FIELDS.put("health_index", "double");
    longs(COMMUNITY_FIELDS, "promoted_28d", "demoted_28d", "referral_conversions_28d");
    for (String share :
        List.of(
            "newcomer_retention_28d",
            "pay_it_forward_28d",
            "response_rate_24h_7d",
            "median_first_response_minutes_7d",
            "referral_conversion_value_28d")) {
      COMMUNITY_FIELDS.put(share, "double");
    }
    COMMUNITY_FIELDS.put("value_quadrant", "keyword");
    COMMUNITY_FIELDS.put("final", "boolean");
  }

  @Test
  void sessionsMapEveryFieldOfTheSessionDocument() throws IOException {
    JsonNode mapping = mapping(Aliases.SESSIONS);

    assertThat(types(mapping.path("properties"))).isEqualTo(SESSION_FIELDS);
    assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
  }

  @Test
  void membersMapEveryFieldAndBothWindows() throws IOException {
    JsonNode mapping = mapping(Aliases.MEMBERS);

    assertThat(types(mapping.path("properties"))).isEqualTo(MEMBER_FIELDS);
    for (String window : List.of("d7", "d28")) {
      assertThat(types(mapping.path("properties").path(window).path("properties")))
          .as(window)
          .isEqualTo(WINDOW_FIELDS);
    }
    assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
  }

  @Test
  void communitiesMapEveryFieldOfTheDailyDocument() throws IOException {
    JsonNode mapping = mapping(Aliases.COMMUNITIES);

    assertThat(types(mapping.path("properties"))).isEqualTo(COMMUNITY_FIELDS);
    assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
  }

  @Test
  void datesAcceptEpochMillisAndIsoStrings() throws IOException {
    JsonNode start = mapping(Aliases.SESSIONS).path("properties").path("start");

    assertThat(start.path("format").asText()).isEqualTo("strict_date_optional_time||epoch_millis");
  }

  @Test
  void sharedSettingsSuitOneNodeAndRefreshEverySecond() throws IOException {
    JsonNode index =
        resource("component-templates/pulse-settings.json")
            .path("template")
            .path("settings")
            .path("index");

    assertThat(index.path("number_of_replicas").asInt(-1)).isZero();
    assertThat(index.path("refresh_interval").asText()).isEqualTo("1s");
  }

  @Test
  void everyIndexTemplateAppliesTheOptionalOverrideLast() throws IOException {
    for (String alias : Aliases.ALL) {
      JsonNode template = resource("index-templates/" + alias + ".json");

      assertThat(strings(template.path("index_patterns"))).containsExactly(alias + "-*");
      assertThat(strings(template.path("composed_of")))
          .containsExactly(
              ElasticsearchSetup.SETTINGS_TEMPLATE,
              ElasticsearchSetup.mappingsTemplate(alias),
              ElasticsearchSetup.SETTINGS_OVERRIDE_TEMPLATE);
      assertThat(strings(template.path("ignore_missing_component_templates")))
          .containsExactly(ElasticsearchSetup.SETTINGS_OVERRIDE_TEMPLATE);
      assertThat(template.has("aliases"))
          .as("aliases are set by the setup, not by patterns")
          .isFalse();
    }
  }

  private static JsonNode mapping(String alias) throws IOException {
    return JSON.readTree(ElasticsearchSetup.mapping(alias));
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in =
        IndexTemplatesTest.class
            .getClassLoader()
            .getResourceAsStream(ElasticsearchSetup.RESOURCE_FOLDER + path)) {
      assertThat(in).as(path + " on the classpath").isNotNull();
      return JSON.readTree(in);
    }
  }

  private static Map<String, String> types(JsonNode properties) {
    Map<String, String> types = new LinkedHashMap<>();
    properties.properties().forEach(f -> types.put(f.getKey(), f.getValue().path("type").asText()));
    return types;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static void keywords(Map<String, String> fields, String... names) {
    for (String name : names) {
      fields.put(name, "keyword");
    }
  }

  private static void longs(Map<String, String> fields, String... names) {
    for (String name : names) {
      fields.put(name, "long");
    }
  }
}
