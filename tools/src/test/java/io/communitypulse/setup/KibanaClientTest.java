package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.setup.KibanaClient.SettingOutcome;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP conversation with Kibana, against a local stand-in that records requests and answers
 * like Kibana's documented APIs. (No Kibana runs on this build machine; the requests' shapes are
 * what this checks.)
 */
class KibanaClientTest {

  private KibanaStub kibana;

  @BeforeEach
  void start() throws IOException {
    kibana = new KibanaStub();
  }

  @AfterEach
  void stop() {
    kibana.close();
  }

  private KibanaClient client(String apiKey) {
    return new KibanaClient(kibana.url(), apiKey);
  }

  @Test
  void importsIntoACommunitySpaceAsMultipartWithXsrfAndApiKey() {
    String path = "POST /s/community-acme/api/saved_objects/_import?overwrite=true";
    kibana.answer(path, 200, "{\"success\":true,\"successCount\":7}");

    int imported = client("c2VjcmV0").importSavedObjects("community-acme", "{\"id\":\"a\"}\n");

    assertThat(imported).isEqualTo(7);
    assertThat(kibana.requests()).containsExactly(path);
    assertThat(kibana.headers(path))
        .startsWith("community-pulse|ApiKey c2VjcmV0|multipart/form-data; boundary=");
    assertThat(kibana.body(path))
        .contains("name=\"file\"; filename=\"pulse.ndjson\"")
        .contains("{\"id\":\"a\"}");
  }

  @Test
  void aRefusedImportNamesTheObjectsKibanaRefused() {
    kibana.answer(
        "POST /api/saved_objects/_import?overwrite=true",
        200,
        "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"pulse-health\",\"type\":\"dashboard\",\"error\":{\"type\":\"missing_references\"}}]}");

    assertThatThrownBy(() -> client(null).importSavedObjects(null, "{}\n"))
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("default space")
        .hasMessageContaining("dashboard pulse-health")
        .hasMessageContaining("missing_references");
  }

  @Test
  void createsAMissingSpaceAndUpdatesAnExistingOne() {
    kibana.answer("GET /api/spaces/space/community-acme", 404, "{}");

    client(null).ensureSpace(TenancyDefinitions.space(new Tenant("acme")));
    client(null).ensureSpace(TenancyDefinitions.space(new Tenant("globex")));

    assertThat(kibana.requests())
        .containsExactly(
            "GET /api/spaces/space/community-acme",
            "POST /api/spaces/space",
            "GET /api/spaces/space/community-globex",
            "PUT /api/spaces/space/community-globex");
    assertThat(kibana.body("POST /api/spaces/space")).contains("\"id\":\"community-acme\"");
    assertThat(kibana.headers("POST /api/spaces/space"))
        .isEqualTo("community-pulse|null|application/json");
  }

  @Test
  void setsAnAdvancedSettingInASpaceThroughTheSettingsApi() {
    kibana.answer(
        "GET /s/community-acme/api/kibana/settings",
        200,
        "{\"settings\":{\"buildNum\":{\"userValue\":90300},"
            + "\"dateFormat:tz\":{\"userValue\":\"Browser\"}}}");

    SettingOutcome outcome =
        client("c2VjcmV0").ensureSetting("community-acme", "dateFormat:tz", "UTC");

    assertThat(outcome).isEqualTo(SettingOutcome.CHANGED);
    assertThat(kibana.requests())
        .containsExactly(
            "GET /s/community-acme/api/kibana/settings",
            "POST /s/community-acme/api/kibana/settings");
    assertThat(kibana.body("POST /s/community-acme/api/kibana/settings"))
        .isEqualTo("{\"changes\":{\"dateFormat:tz\":\"UTC\"}}");
    assertThat(kibana.headers("POST /s/community-acme/api/kibana/settings"))
        .isEqualTo("community-pulse|ApiKey c2VjcmV0|application/json");
  }

  @Test
  void aSettingThatAlreadyHasTheValueIsNotWrittenAgain() {
    // The default space, set by an earlier run; kibana.yml may fix the same value.
    kibana.answer(
        "GET /api/kibana/settings",
        200,
        "{\"settings\":{\"dateFormat:tz\":{\"userValue\":\"UTC\"}}}");
    kibana.answer(
        "GET /s/community-acme/api/kibana/settings",
        200,
        "{\"settings\":{\"dateFormat:tz\":{\"userValue\":\"UTC\",\"isOverridden\":true}}}");

    assertThat(client(null).ensureSetting(null, "dateFormat:tz", "UTC"))
        .isEqualTo(SettingOutcome.UNCHANGED);
    assertThat(client(null).ensureSetting("community-acme", "dateFormat:tz", "UTC"))
        .isEqualTo(SettingOutcome.UNCHANGED);
    assertThat(kibana.requests())
        .containsExactly("GET /api/kibana/settings", "GET /s/community-acme/api/kibana/settings");
  }

  @Test
  void aSettingKibanaYmlFixesToAnotherValueIsReportedNotFought() {
    // Kibana refuses to change an overridden setting (400 "Unable to update ... overridden").
    kibana.answer(
        "GET /api/kibana/settings",
        200,
        "{\"settings\":{\"dateFormat:tz\":{\"userValue\":\"Europe/Paris\",\"isOverridden\":true}}}");

    assertThat(client(null).ensureSetting(null, "dateFormat:tz", "UTC"))
        .isEqualTo(SettingOutcome.OVERRIDDEN);
    assertThat(kibana.requests()).containsExactly("GET /api/kibana/settings");
  }

  @Test
  void withoutTheSettingsApiTheErrorSaysWhatToPutInKibanaYml() {
    kibana.answer("GET /api/kibana/settings", 404, "{\"statusCode\":404}");

    assertThatThrownBy(() -> client(null).ensureSetting(null, "dateFormat:tz", "UTC"))
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("uiSettings.publicApiEnabled")
        .hasMessageContaining("uiSettings.overrides.\"dateFormat:tz\": \"UTC\"");
  }

  @Test
  void aRefusedSettingIsAFailureWithKibanasAnswer() {
    kibana.answer("GET /api/kibana/settings", 200, "{\"settings\":{}}");
    kibana.answer(
        "POST /api/kibana/settings",
        400,
        "{\"statusCode\":400,\"message\":\"[validation [dateFormat:tz]]: Invalid timezone: UTC\"}");

    assertThatThrownBy(() -> client(null).ensureSetting(null, "dateFormat:tz", "UTC"))
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("set dateFormat:tz in the default space")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("Invalid timezone");
  }

  @Test
  void aRoleApiThatDoesNotExistMeansSecurityIsOff() {
    kibana.answer("PUT /api/security/role/pulse-community-acme", 404, "{}");
    Tenant acme = new Tenant("acme");

    boolean applied = client(null).putRole(acme.roleName(""), TenantRoles.kibanaRole("", acme));

    assertThat(applied).isFalse();
  }

  @Test
  void anErrorAnswerIsOneLineWithTheStatus() {
    kibana.answer("GET /api/status", 401, "{\"message\":\"Unauthorized\"}\n");

    assertThatThrownBy(() -> client("wrong").version())
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("Unauthorized")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void aUrlThatIsNotOneIsRefusedUpFront() {
    assertThatThrownBy(() -> new KibanaClient("kibana:5601", null))
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("kibana.url");
  }
}
