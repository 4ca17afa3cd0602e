package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kibana steps of the setup against a stand-in Kibana: which spaces get which calls, in which
 * order. Every space it touches, the default one included, ends up showing times in UTC.
 */
class KibanaSetupTest {

  private static final SavedObjects OBJECTS =
      SavedObjects.parse(
          """
          {"type":"index-pattern","id":"pulse-sessions","attributes":{"title":"pulse-sessions"},"references":[]}
          """);

  private KibanaStub kibana;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    kibana = new KibanaStub();
    kibana.answer("POST /api/saved_objects/_import?overwrite=true", 200, imported(1));
    kibana.answer(
        "POST /s/community-acme/api/saved_objects/_import?overwrite=true", 200, imported(1));
  }

  @AfterEach
  void stop() {
    kibana.close();
  }

  @Test
  void everySpaceItCreatesAndTheDefaultSpaceShowTimesInUtc() {
    kibana.answer("GET /api/spaces/space/community-acme", 404, "{}");

    setup().apply(OBJECTS, List.of(new Tenant("acme")));

    assertThat(kibana.requests())
        .containsExactly(
            "POST /api/saved_objects/_import?overwrite=true",
            "GET /api/kibana/settings",
            "POST /api/kibana/settings",
            "GET /api/spaces/space/community-acme",
            "POST /api/spaces/space",
            // The space exists before its settings are written.
            "GET /s/community-acme/api/kibana/settings",
            "POST /s/community-acme/api/kibana/settings",
            "POST /s/community-acme/api/saved_objects/_import?overwrite=true",
            "PUT /api/security/role/pulse-community-acme");
    assertThat(kibana.body("POST /api/kibana/settings"))
        .isEqualTo("{\"changes\":{\"dateFormat:tz\":\"UTC\"}}");
    assertThat(kibana.body("POST /s/community-acme/api/kibana/settings"))
        .isEqualTo("{\"changes\":{\"dateFormat:tz\":\"UTC\"}}");
    assertThat(output())
        .contains("setup: kibana default space: dateFormat:tz set to UTC")
        .contains("setup: kibana space community-acme: dateFormat:tz set to UTC");
  }

  @Test
  void aSecondRunLeavesTheTimeZoneAlone() {
    String utc = "{\"settings\":{\"dateFormat:tz\":{\"userValue\":\"UTC\"}}}";
    kibana.answer("GET /api/kibana/settings", 200, utc);
    kibana.answer("GET /s/community-acme/api/kibana/settings", 200, utc);

    setup().apply(OBJECTS, List.of(new Tenant("acme")));

    assertThat(kibana.requests())
        .doesNotContain("POST /api/kibana/settings", "POST /s/community-acme/api/kibana/settings");
    assertThat(output())
        .contains("setup: kibana default space: dateFormat:tz is UTC")
        .contains("setup: kibana space community-acme: dateFormat:tz is UTC");
  }

  @Test
  void aTimeZoneFixedInKibanaYmlIsNamedInTheOutput() {
    kibana.answer(
        "GET /api/kibana/settings",
        200,
        "{\"settings\":{\"dateFormat:tz\":{\"userValue\":\"Browser\",\"isOverridden\":true}}}");

    setup().apply(OBJECTS, List.of());

    assertThat(kibana.requests()).doesNotContain("POST /api/kibana/settings");
    assertThat(output())
        .contains(
            "setup: kibana default space: dateFormat:tz is fixed to another zone by kibana.yml"
                + " (uiSettings.overrides)");
  }

  private KibanaSetup setup() {
    return new KibanaSetup(
        new KibanaClient(kibana.url(), null),
        "",
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String imported(int count) {
    return "{\"success\":true,\"successCount\":" + count + "}";
  }
}
