package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP conversation with Kibana, against a local stand-in that records requests and answers
 * like Kibana's documented APIs. (No Kibana runs on this build machine; the requests' shapes are
 * what this checks.)
 */
class KibanaClientTest {

  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();

  private record Answer(int status, String body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    synchronized (requests) {
      requests.add(key);
    }
    bodies.put(key, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    headers.put(
        key,
        String.valueOf(exchange.getRequestHeaders().getFirst("kbn-xsrf"))
            + "|"
            + exchange.getRequestHeaders().getFirst("Authorization")
            + "|"
            + exchange.getRequestHeaders().getFirst("Content-Type"));
    Answer answer = answers.getOrDefault(key, new Answer(200, "{}"));
    byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private KibanaClient client(String apiKey) {
    return new KibanaClient("http://127.0.0.1:" + server.getAddress().getPort() + "/", apiKey);
  }

  @Test
  void importsIntoACommunitySpaceAsMultipartWithXsrfAndApiKey() {
    String path = "POST /s/community-acme/api/saved_objects/_import?overwrite=true";
    answers.put(path, new Answer(200, "{\"success\":true,\"successCount\":7}"));

    int imported = client("c2VjcmV0").importSavedObjects("community-acme", "{\"id\":\"a\"}\n");

    assertThat(imported).isEqualTo(7);
    assertThat(requests).containsExactly(path);
    assertThat(headers.get(path))
        .startsWith("community-pulse|ApiKey c2VjcmV0|multipart/form-data; boundary=");
    assertThat(bodies.get(path))
        .contains("name=\"file\"; filename=\"pulse.ndjson\"")
        .contains("{\"id\":\"a\"}");
  }

  @Test
  void aRefusedImportNamesTheObjectsKibanaRefused() {
    answers.put(
        "POST /api/saved_objects/_import?overwrite=true",
        new Answer(
            200,
            "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"pulse-health\",\"type\":\"dashboard\",\"error\":{\"type\":\"missing_references\"}}]}"));

    assertThatThrownBy(() -> client(null).importSavedObjects(null, "{}\n"))
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("default space")
        .hasMessageContaining("dashboard pulse-health")
        .hasMessageContaining("missing_references");
  }

  @Test
  void createsAMissingSpaceAndUpdatesAnExistingOne() {
    answers.put("GET /api/spaces/space/community-acme", new Answer(404, "{}"));

    client(null).ensureSpace(TenancyDefinitions.space(new Tenant("acme")));
    client(null).ensureSpace(TenancyDefinitions.space(new Tenant("globex")));

    assertThat(requests)
        .containsExactly(
            "GET /api/spaces/space/community-acme",
            "POST /api/spaces/space",
            "GET /api/spaces/space/community-globex",
            "PUT /api/spaces/space/community-globex");
    assertThat(bodies.get("POST /api/spaces/space")).contains("\"id\":\"community-acme\"");
    assertThat(headers.get("POST /api/spaces/space"))
        .isEqualTo("community-pulse|null|application/json");
  }

  @Test
  void aRoleApiThatDoesNotExistMeansSecurityIsOff() {
    answers.put("PUT /api/security/role/pulse-community-acme", new Answer(404, "{}"));
    Tenant acme = new Tenant("acme");

    boolean applied = client(null).putRole(acme.roleName(""), TenantRoles.kibanaRole("", acme));

    assertThat(applied).isFalse();
  }

  @Test
  void anErrorAnswerIsOneLineWithTheStatus() {
    answers.put("GET /api/status", new Answer(401, "{\"message\":\"Unauthorized\"}\n"));

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
