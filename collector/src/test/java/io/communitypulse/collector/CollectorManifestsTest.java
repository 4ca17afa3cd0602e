package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.infra.testing.RepositoryRoot;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The collector's deployment files (infra/docker/collector.Dockerfile, its service in
 * docker-compose.yml, infra/kubernetes/collector.yaml) cannot run in the build, so this reads them
 * and checks what would otherwise only fail when deployed: every {@code PULSE_COLLECTOR_*} variable
 * names one of the collector's settings, images are pinned and carry the project version, the entry
 * point is {@link CollectorCommand}, and the probes ask the endpoints that exist. The job's
 * DeploymentManifestsTest checks the rest of those files.
 */
class CollectorManifestsTest {

  private static final String IMAGE = "community-pulse-collector";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static String release;
  private static JsonNode compose;
  private static List<JsonNode> kubernetes;
  private static List<String> dockerfile;

  @BeforeAll
  static void readFiles() throws Exception {
    root = RepositoryRoot.find();
    Matcher version =
        Pattern.compile("<artifactId>pulse-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(root.resolve("pom.xml")));
    assertThat(version.find()).isTrue();
    release = version.group(1).replace("-SNAPSHOT", "");
    compose = readAll(root.resolve("docker-compose.yml")).get(0);
    kubernetes = readAll(root.resolve("infra/kubernetes/collector.yaml"));
    dockerfile = Files.readAllLines(root.resolve("infra/docker/collector.Dockerfile"));
  }

  @Test
  void theImageRunsTheCollectorFromAPinnedJavaRuntime() throws IOException {
    String from = dockerfile.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow();
    String text = String.join("\n", dockerfile);

    assertThat(from).matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre");
    assertThat(text)
        .contains("COPY collector/target/pulse-collector.jar")
        .contains("COPY collector/target/lib/")
        .contains("\"" + CollectorCommand.class.getName() + "\"")
        .contains("EXPOSE " + CollectorOption.PORT.defaultValue().orElseThrow());
    assertThat(Files.readString(root.resolve(".dockerignore")))
        .contains("!collector/target/pulse-collector.jar")
        .contains("!collector/target/lib/");
  }

  @Test
  void composeRunsTheCollectorImageOnTheJobsKafkaAfterSetup() {
    JsonNode service = compose.at("/services/collector");
    Map<String, String> env = environment(service.at("/environment"));

    assertThat(service.at("/image").asText()).isEqualTo(IMAGE + ":" + release);
    assertThat(service.at("/build/dockerfile").asText())
        .isEqualTo("infra/docker/collector.Dockerfile");
    assertThat(service.at("/ports/0").asText()).isEqualTo("8090:8090");
    assertThat(service.at("/depends_on/setup/condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(env.get(CollectorOption.KAFKA_BOOTSTRAP_SERVERS.envName()))
        .isNotBlank()
        .isEqualTo(
            environment(compose.at("/services/jobmanager/environment"))
                .get(CollectorOption.KAFKA_BOOTSTRAP_SERVERS.envName()));
    assertThat(env).containsKey(CollectorOption.WRITE_KEYS.envName());
    assertCollectorVariablesAreSettings(env.keySet());
    // The compose settings must parse: a typo would stop the container at start.
    Map<String, String> values = new LinkedHashMap<>();
    for (CollectorOption option : CollectorOption.values()) {
      if (env.containsKey(option.envName())) {
        values.put(option.key(), env.get(option.envName()));
      }
    }
    assertThat(CollectorSettings.from(values).writeKeys().communities())
        .contains("acme-devs", "data-guild", "cloud-champions");
  }

  @Test
  void kubernetesRunsProbedReplicasThatReadTheirKeysFromASecretFile() {
    JsonNode deployment = kind("Deployment");
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    Map<String, String> env = new LinkedHashMap<>();
    container.at("/env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText()));

    assertThat(container.at("/image").asText()).isEqualTo(IMAGE + ":" + release);
    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/ports/0/containerPort").asText())
        .isEqualTo(env.get(CollectorOption.PORT.envName()));
    assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo("pulse-settings");
    assertCollectorVariablesAreSettings(env.keySet());
    assertThat(env).doesNotContainKey(CollectorOption.WRITE_KEYS.envName());
    String keysFile = env.get(CollectorOption.WRITE_KEYS.envName() + "_FILE");
    String mount = container.at("/volumeMounts/0/mountPath").asText();
    assertThat(keysFile).startsWith(mount + "/");
    List<String> items = new ArrayList<>();
    pod.at("/volumes/0/secret/items").forEach(i -> items.add(i.get("path").asText()));
    assertThat(items).contains(keysFile.substring(mount.length() + 1));
    // The pod must outlive its requests in progress, each bounded by collector.kafka-timeout.
    assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isGreaterThan(10);
    JsonNode service = kind("Service");
    assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(service.at("/spec/ports/0/targetPort").asText())
        .isEqualTo(container.at("/ports/0/name").asText());
  }

  @Test
  void kustomizationAppliesTheCollectorAndPinsItsImage() throws IOException {
    JsonNode kustomization = readAll(root.resolve("infra/kubernetes/kustomization.yaml")).get(0);

    assertThat(kustomization.at("/resources").toString()).contains("collector.yaml");
    List<JsonNode> images = new ArrayList<>();
    kustomization.at("/images").forEach(images::add);
    assertThat(images)
        .anySatisfy(
            i -> {
              assertThat(i.get("name").asText()).isEqualTo(IMAGE);
              assertThat(i.get("newTag").asText()).isEqualTo(release);
            });
  }

  private static void assertCollectorVariablesAreSettings(Set<String> variables) {
    Set<String> known =
        Arrays.stream(CollectorOption.values())
            .flatMap(
                o ->
                    o.isSecret()
                        ? List.of(o.envName(), o.envName() + "_FILE").stream()
                        : List.of(o.envName()).stream())
            .collect(Collectors.toSet());
    assertThat(variables)
        .filteredOn(v -> v.startsWith("PULSE_COLLECTOR_"))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(known).as(v).contains(v));
  }

  private static JsonNode kind(String kind) {
    List<JsonNode> found =
        kubernetes.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> environment(JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>();
    node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** Every document of a YAML file, anchors, aliases and merge keys resolved. */
  private static List<JsonNode> readAll(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonNode> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : yaml.loadAll(reader)) {
        if (document != null) {
          documents.add(JSON.valueToTree(document));
        }
      }
    }
    return documents;
  }
}
