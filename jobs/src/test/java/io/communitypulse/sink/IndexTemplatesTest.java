package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.community.CommunityDocument;
import io.communitypulse.indicators.MemberDocument;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.indicators.WindowTotals;
import io.communitypulse.session.SessionDocument;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template files on the classpath (from the pulse-infra jar) against the documents the job
 * writes, read from their records ({@link SessionDocument}, {@link MemberDocument} with the window
 * fields of {@link Field}, {@link CommunityDocument}): every field mapped, with its type, and
 * nothing else.
 */
class IndexTemplatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fields of each document and their types, from the records that are the documents. */
  static final Map<String, String> SESSION_FIELDS = types(SessionDocument.class);

  static final Map<String, String> MEMBER_FIELDS = types(MemberDocument.class);
  static final Map<String, String> WINDOW_FIELDS = new LinkedHashMap<>();
  static final Map<String, String> COMMUNITY_FIELDS = types(CommunityDocument.class);

  static {
    for (Field f : Field.values()) {
      WINDOW_FIELDS.put(f.jsonName(), f.isCount() ? "long" : "double");
    }
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

  /** Each JSON field of a document record with the Elasticsearch type its Java type maps to. */
  private static Map<String, String> types(Class<? extends Record> document) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : document.getRecordComponents()) {
      components.put(c.getName(), c);
    }
    Map<String, String> types = new LinkedHashMap<>();
    DocumentJson.fields(document)
        .forEach((json, component) -> types.put(json, type(components.get(component))));
    return types;
  }

  private static String type(RecordComponent c) {
    if (c.isAnnotationPresent(MappedAsDate.class)) {
      return "date";
    }
    Class<?> type = c.getType();
    if (type == String.class || type == List.class) {
      return "keyword";
    } else if (type == long.class || type == Long.class) {
      return "long";
    } else if (type == double.class || type == Double.class) {
      return "double";
    } else if (type == boolean.class) {
      return "boolean";
    } else if (type == WindowTotals.class) {
      return "object";
    }
    throw new AssertionError("no Elasticsearch type for " + c + " of " + c.getDeclaringRecord());
  }
}
