package io.communitypulse.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The few Kibana HTTP APIs the setup uses: spaces, roles, advanced settings and the saved-object
 * import. Every call sends {@code kbn-xsrf}, which Kibana requires on writes, and the API key when
 * one is configured (Kibana accepts Elasticsearch API keys). A failure is a {@link SetupException}
 * naming the call and Kibana's answer.
 */
public final class KibanaClient {

  /** What {@link #ensureSetting} found and did. */
  public enum SettingOutcome {
    /** The space had another value (or Kibana's default); it now has the wanted one. */
    CHANGED,
    /** The space already had the wanted value, from an earlier setup or from kibana.yml. */
    UNCHANGED,
    /** kibana.yml fixes another value ({@code uiSettings.overrides}); the API cannot change it. */
    OVERRIDDEN
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  public KibanaClient(String url, String apiKey) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      this.base = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new SetupException("kibana.url '" + url + "' is not a URL");
    }
    if (base.getScheme() == null || base.getHost() == null) {
      throw new SetupException("kibana.url '" + url + "' is not an http(s) URL");
    }
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Kibana's version, or a failure saying Kibana does not answer. */
  public String version() {
    JsonNode status = json(send("GET", "/api/status", null, null), "GET /api/status");
    return status.path("version").path("number").asText("unknown");
  }

  /** Creates the community's space, or updates its name and description if it exists. */
  public void ensureSpace(ObjectNode space) {
    String id = space.get("id").asText();
    HttpResponse<String> existing = send("GET", "/api/spaces/space/" + id, null, null);
    if (existing.statusCode() == 404) {
      expectOk(
          send("POST", "/api/spaces/space", space.toString(), "application/json"),
          "create space " + id);
    } else {
      expectOk(existing, "read space " + id);
      expectOk(
          send("PUT", "/api/spaces/space/" + id, space.toString(), "application/json"),
          "update space " + id);
    }
  }

  /**
   * Gives an advanced setting a value in a space ({@code null} for the default one), through the
   * settings API every self-managed Kibana 8 and 9 serves ({@code GET} and {@code POST
   * /s/<space>/api/kibana/settings}, body {@code {"changes":{key:value}}}). Settings belong to a
   * space, so each space needs its own call. The current value is read first so that a second run
   * writes nothing, and so that a value kibana.yml fixes ({@code uiSettings.overrides}, which the
   * API refuses to change) is reported instead of failing.
   */
  public SettingOutcome ensureSetting(String spaceId, String key, String value) {
    String path = (spaceId == null ? "" : "/s/" + spaceId) + "/api/kibana/settings";
    HttpResponse<String> current = send("GET", path, null, null);
    if (current.statusCode() == 404) {
      throw new SetupException(
          "Kibana at "
              + base
              + " has no settings API (uiSettings.publicApiEnabled is false, as on serverless);"
              + " set uiSettings.overrides.\""
              + key
              + "\": \""
              + value
              + "\" in kibana.yml instead");
    }
    JsonNode setting =
        json(current, "read the settings of " + space(spaceId)).path("settings").path(key);
    if (value.equals(setting.path("userValue").asText(null))) {
      return SettingOutcome.UNCHANGED;
    }
    if (setting.path("isOverridden").asBoolean(false)) {
      return SettingOutcome.OVERRIDDEN;
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("changes").put(key, value);
    expectOk(
        send("POST", path, body.toString(), "application/json"),
        "set " + key + " in " + space(spaceId));
    return SettingOutcome.CHANGED;
  }

  /**
   * Creates or replaces a role through Kibana, which also creates the Elasticsearch role. Returns
   * false when Kibana has security turned off (there are no roles to create then).
   */
  public boolean putRole(String name, ObjectNode role) {
    HttpResponse<String> response =
        send("PUT", "/api/security/role/" + name, role.toString(), "application/json");
    if (response.statusCode() == 404) {
      return false;
    }
    expectOk(response, "put role " + name);
    return true;
  }

  /**
   * Imports saved objects into a space ({@code null} for the default one), overwriting objects with
   * the same id. Returns how many were imported.
   */
  public int importSavedObjects(String spaceId, String ndjson) {
    String boundary = "pulse-" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pulse.ndjson\""
            + "\r\nContent-Type: application/ndjson\r\n\r\n"
            + ndjson
            + "\r\n--"
            + boundary
            + "--\r\n";
    String path =
        (spaceId == null ? "" : "/s/" + spaceId) + "/api/saved_objects/_import?overwrite=true";
    HttpResponse<String> response =
        send("POST", path, body, "multipart/form-data; boundary=" + boundary);
    JsonNode result = json(response, "import saved objects into " + space(spaceId));
    if (!result.path("success").asBoolean(false)) {
      throw new SetupException(
          "Kibana refused saved objects for "
              + space(spaceId)
              + ": "
              + firstErrors(result.path("errors")));
    }
    return result.path("successCount").asInt();
  }

  private static String space(String spaceId) {
    return spaceId == null ? "the default space" : "space " + spaceId;
  }

  private static String firstErrors(JsonNode errors) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (JsonNode error : errors) {
      if (shown++ == 3) {
        out.append(" …");
        break;
      }
      out.append(shown > 1 ? "; " : "")
          .append(error.path("type").asText())
          .append(' ')
          .append(error.path("id").asText())
          .append(": ")
          .append(error.path("error").toString());
    }
    return out.toString();
  }

  private JsonNode json(HttpResponse<String> response, String what) {
    expectOk(response, what);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SetupException("Kibana answered " + what + " with something that is not JSON");
    }
  }

  private void expectOk(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      String body = response.body() == null ? "" : response.body();
      throw new SetupException(
          "Kibana at "
              + base
              + " refused to "
              + what
              + ": HTTP "
              + status
              + (body.isBlank() ? "" : " " + abbreviate(body)));
    }
  }

  private HttpResponse<String> send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("kbn-xsrf", "community-pulse")
            .method(
                method,
                body == null
                    ? BodyPublishers.noBody()
                    : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (apiKey != null) {
      request.header("Authorization", "ApiKey " + apiKey);
    }
    try {
      return http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SetupException(
          "Kibana at " + base + " does not answer (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupException("interrupted while talking to Kibana at " + base, e);
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
  }
}
