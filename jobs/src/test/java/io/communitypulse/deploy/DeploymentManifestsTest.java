package io.communitypulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.config.ConfigSources;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.testing.RepositoryRoot;
import io.communitypulse.runtime.EngagementJobMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files (docker-compose.yml, infra/docker/Dockerfile, infra/kubernetes/) cannot be
 * run in the build, so this reads them and checks what would otherwise only fail on a cluster:
 * unpinned images, versions that drift from the ones the build uses, settings that name no option
 * or disagree with the job's defaults, and a FlinkDeployment that could not upgrade with its state.
 */
class DeploymentManifestsTest {

  /** The file ConfigSources.resolve reads (./pulse and the job alike), not an option. */
  private static final Set<String> CLI_VARIABLES = Set.of("PULSE_CONFIG");

  /**
   * The collector's own settings: the collector module's CollectorManifestsTest checks them against
   * its options (the job does not depend on the collector).
   */
  private static final String COLLECTOR_VARIABLES = "PULSE_COLLECTOR_";

  private static final String PROJECT_IMAGE = "community-pulse";
  private static final String JOB_JAR = "/opt/flink/usrlib/pulse-job.jar";
  private static final String TOOLS_JAR = "/opt/pulse/pulse-tools.jar";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static Map<String, String> pom;
  private static JsonNode compose;
  private static Map<Path, List<JsonNode>> kubernetes;
  private static List<String> dockerfile;

  @BeforeAll
  static void readFiles() throws Exception {
    root = RepositoryRoot.find();
    pom = rootPom(root.resolve("pom.xml"));
    compose = readYaml(root.resolve("docker-compose.yml")).get(0);
    kubernetes = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("infra/kubernetes"))) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        kubernetes.put(file, readYaml(file));
      }
    }
    dockerfile = Files.readAllLines(root.resolve("infra/docker/Dockerfile"));
  }

  // --- images -------------------------------------------------------------------------------

  @Test
  void everyImageIsPinnedToAnExactVersion() {
    List<String> images = allImages();

    assertThat(images).hasSizeGreaterThanOrEqualTo(8);
    images.forEach(ImagePins::requireExactVersion);
  }

  @Test
  void thePinCheckRejectsLatestMissingAndFloatingTags() {
    assertThatThrownBy(() -> ImagePins.requireExactVersion("foo:latest"))
        .hasMessageContaining("foo:latest");
    assertThatThrownBy(() -> ImagePins.requireExactVersion("foo")).hasMessageContaining("no tag");
    assertThatThrownBy(() -> ImagePins.requireExactVersion("registry:5000/foo"))
        .hasMessageContaining("no tag");
    assertThatThrownBy(() -> ImagePins.requireExactVersion("flink:2.2")).isNotNull();
    assertThatThrownBy(() -> ImagePins.requireExactVersion("flink:java17")).isNotNull();

    ImagePins.requireExactVersion("registry:5000/team/foo:1.2.3");
    ImagePins.requireExactVersion("flink:2.2.0-scala_2.12-java17");
    ImagePins.requireExactVersion("foo@sha256:" + "a".repeat(64));
  }

  @Test
  void infrastructureImagesRunTheVersionsTheBuildTestsAgainst() {
    String elastic = pom.get("elasticsearch.server.version");

    assertThat(composeImage("kafka")).isEqualTo("apache/kafka:" + pom.get("kafka.version"));
    assertThat(composeImage("elasticsearch"))
        .isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + elastic);
    assertThat(composeImage("kibana")).isEqualTo("docker.elastic.co/kibana/kibana:" + elastic);
  }

  @Test
  void theFlinkImageRunsTheFlinkVersionTheJobIsBuiltAgainst() {
    String flink = pom.get("flink.version");
    List<String> bases = dockerfileBaseImages();

    assertThat(bases).containsExactly("flink:" + flink + "-scala_2.12-java17");
    JsonNode deployment = flinkDeployment();
    String[] majorMinor = flink.split("\\.");
    assertThat(deployment.at("/spec/flinkVersion").asText())
        .isEqualTo("v" + majorMinor[0] + "_" + majorMinor[1]);
    // The S3 file system plugin ships with the distribution and carries its version.
    assertThat(containerEnv(deployment.at("/spec/podTemplate/spec")).get("ENABLE_BUILT_IN_PLUGINS"))
        .isEqualTo("flink-s3-fs-presto-" + flink + ".jar");
  }

  @Test
  void theProjectImageCarriesTheProjectVersionEverywhere() {
    String release = pom.get("project.version").replace("-SNAPSHOT", "");
    List<String> projectImages =
        allImages().stream().filter(i -> i.startsWith(PROJECT_IMAGE + ":")).toList();

    assertThat(projectImages)
        .hasSizeGreaterThanOrEqualTo(5)
        .containsOnly(PROJECT_IMAGE + ":" + release);
    JsonNode kustomization = single("Kustomization");
    assertThat(kustomization.at("/images/0/name").asText()).isEqualTo(PROJECT_IMAGE);
    assertThat(kustomization.at("/images/0/newTag").asText()).isEqualTo(release);
  }

  // --- docker compose -----------------------------------------------------------------------

  @Test
  void composeWiresTheJobToTheBrokerAndNodeItStarts() {
    JsonNode kafka = compose.at("/services/kafka");
    List<String> advertised =
        List.of(kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText().split(","));

    for (String service : List.of("setup", "jobmanager", "simulator")) {
      Map<String, String> env = composeEnv(service);
      String bootstrap = env.get("PULSE_KAFKA_BOOTSTRAP_SERVERS");
      assertThat(advertised).as(service).anyMatch(l -> l.endsWith("://" + bootstrap));
      URI es = URI.create(env.get("PULSE_ELASTICSEARCH_URL"));
      assertThat(es.getHost()).as(service).isEqualTo("elasticsearch");
      assertThat(es.getPort()).as(service).isEqualTo(9200);
      assertThat(env)
          .as(service)
          .containsEntry(
              envName(PulseOptions.TOPIC_CLICKS), PulseOptions.TOPIC_CLICKS.defaultValue())
          .containsEntry(envName(PulseOptions.TOPIC_POSTS), PulseOptions.TOPIC_POSTS.defaultValue())
          .containsEntry(
              envName(PulseOptions.TOPIC_DEAD_LETTER),
              PulseOptions.TOPIC_DEAD_LETTER.defaultValue())
          .containsEntry(
              envName(PulseOptions.TOPIC_ERASURE), PulseOptions.TOPIC_ERASURE.defaultValue());
    }
    assertThat(advertised).contains("EXTERNAL://localhost:9092");
    assertThat(ports("kafka")).contains("9092:9092");
    assertThat(ports("elasticsearch")).contains("9200:9200");
    assertThat(ports("kibana")).contains("5601:5601");
    assertThat(ports("jobmanager")).contains("8081:8081");
  }

  @Test
  void composeStartsTheJobAndSimulatorOnlyAfterSetupSucceeded() {
    for (String service : List.of("jobmanager", "simulator")) {
      assertThat(compose.at("/services/" + service + "/depends_on/setup/condition").asText())
          .as(service)
          .isEqualTo("service_completed_successfully");
    }
    assertThat(compose.at("/services/kibana/depends_on/elasticsearch/condition").asText())
        .isEqualTo("service_healthy");
    for (String dependency : List.of("kafka", "elasticsearch", "kibana")) {
      assertThat(compose.at("/services/setup/depends_on/" + dependency + "/condition").asText())
          .isEqualTo("service_healthy");
      assertThat(compose.at("/services/" + dependency + "/healthcheck/test").isMissingNode())
          .as(dependency)
          .isFalse();
    }
    assertThat(stringList(compose.at("/services/setup/command"))).startsWith("pulse", "setup");
  }

  @Test
  void composeRunsTheJobJarInApplicationModeWithCheckpointsOnAVolume() {
    assertThat(stringList(compose.at("/services/jobmanager/command")))
        .containsExactly("standalone-job", "--job-classname", EngagementJobMain.class.getName());
    assertThat(dockerfile).anyMatch(l -> l.startsWith("COPY") && l.endsWith(" " + JOB_JAR));
    // The tools jar sits outside usrlib, so the cluster's user classpath holds only the job.
    assertThat(dockerfile)
        .anyMatch(l -> l.startsWith("COPY") && l.endsWith(" " + TOOLS_JAR))
        .noneMatch(l -> l.startsWith("COPY") && l.contains("pulse-tools.jar /opt/flink/usrlib"));

    for (String service : List.of("jobmanager", "taskmanager")) {
      Map<String, String> flink =
          flinkProperties(compose.at("/services/" + service + "/environment/FLINK_PROPERTIES"));
      String checkpoints = flink.get("execution.checkpointing.dir");
      String savepoints = flink.get("execution.checkpointing.savepoint-dir");
      List<String> volumes = stringList(compose.at("/services/" + service + "/volumes"));
      assertThat(volumes).as(service).contains("flink-data:/flink-data");
      assertThat(checkpoints).as(service).startsWith("file:///flink-data/");
      assertThat(savepoints).as(service).startsWith("file:///flink-data/");
      assertThat(flink).as(service).containsKey("pipeline.max-parallelism");
    }
    assertThat(compose.at("/volumes").has("flink-data")).isTrue();
  }

  // --- settings -----------------------------------------------------------------------------

  @Test
  void everyPulseVariableNamesARealOption() {
    Set<String> known =
        PulseOptions.all().stream()
            .map(ConfigOption::key)
            .map(ConfigSources::envName)
            .collect(Collectors.toSet());
    List<String> variables = new ArrayList<>();
    compose.at("/services").forEach(service -> variables.addAll(env(service.at("/environment"))));
    kubernetes.values().stream()
        .flatMap(List::stream)
        .forEach(document -> collectPulseVariables(document, variables));

    assertThat(variables).filteredOn(v -> v.startsWith("PULSE_")).hasSizeGreaterThan(15);
    assertThat(variables)
        .filteredOn(
            v ->
                v.startsWith("PULSE_")
                    && !CLI_VARIABLES.contains(v)
                    && !v.startsWith(COLLECTOR_VARIABLES))
        .allSatisfy(v -> assertThat(known).as(v).contains(v.replaceFirst("_FILE$", "")));
  }

  @Test
  void kubernetesSettingsAgreeWithTheJobDefaultsAndTheDeployment() {
    Map<String, String> settings = configMap("pulse-settings");

    assertThat(settings)
        .containsEntry(envName(PulseOptions.TOPIC_CLICKS), PulseOptions.TOPIC_CLICKS.defaultValue())
        .containsEntry(envName(PulseOptions.TOPIC_POSTS), PulseOptions.TOPIC_POSTS.defaultValue())
        .containsEntry(
            envName(PulseOptions.TOPIC_DEAD_LETTER), PulseOptions.TOPIC_DEAD_LETTER.defaultValue())
        .containsEntry(
            envName(PulseOptions.TOPIC_ERASURE), PulseOptions.TOPIC_ERASURE.defaultValue());
    // The job sets its parallelism from job.parallelism, so it must be the deployment's.
    assertThat(settings.get(envName(PulseOptions.PARALLELISM)))
        .isEqualTo(flinkDeployment().at("/spec/job/parallelism").asText());
    // Secrets reach the pods only as files: no secret option is given a value directly.
    for (ConfigOption<?> option : PulseOptions.all()) {
      if (PulseOptions.isSecret(option)) {
        assertThat(settings).doesNotContainKey(envName(option));
      }
    }
    assertThat(settings).containsKeys(envName(PulseOptions.ES_API_KEY) + "_FILE");
  }

  @Test
  void theSecretExampleHoldsOnlyPlaceholders() {
    JsonNode secret = single("Secret");

    assertThat(secret.at("/stringData").size()).isPositive();
    secret
        .at("/stringData")
        .properties()
        .forEach(e -> assertThat(e.getValue().asText()).as(e.getKey()).matches("<[^<>]+>"));
    assertThat(single("Kustomization").at("/resources").toString()).doesNotContain("secret");
  }

  // --- Kubernetes operator ------------------------------------------------------------------

  @Test
  void theFlinkDeploymentUpgradesThroughSavepointsWithDurableStateAndHa() {
    JsonNode spec = flinkDeployment().at("/spec");
    JsonNode flink = spec.at("/flinkConfiguration");

    assertThat(spec.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(spec.at("/job/jarURI").asText()).isEqualTo("local://" + JOB_JAR);
    assertThat(spec.at("/job/entryClass").asText()).isEqualTo(EngagementJobMain.class.getName());
    assertThat(spec.at("/job/args").isMissingNode()).isTrue();
    assertThat(flink.at("/execution.checkpointing.dir").asText()).startsWith("s3://");
    assertThat(flink.at("/execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
    assertThat(flink.at("/high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(flink.at("/high-availability.storageDir").asText()).startsWith("s3://");
    assertThat(flink.at("/restart-strategy.type").asText()).isNotBlank();
    int maxParallelism = Integer.parseInt(flink.at("/pipeline.max-parallelism").asText());
    assertThat(spec.at("/job/parallelism").asInt())
        .isPositive()
        .isLessThanOrEqualTo(maxParallelism);
    for (String role : List.of("jobManager", "taskManager")) {
      assertThat(spec.at("/" + role + "/resource/memory").asText()).as(role).isNotBlank();
      assertThat(spec.at("/" + role + "/resource/cpu").asDouble()).as(role).isPositive();
    }
  }

  // --- reading the files --------------------------------------------------------------------

  private static List<String> allImages() {
    List<String> images = new ArrayList<>(dockerfileBaseImages());
    compose.at("/services").forEach(service -> images.add(service.at("/image").asText()));
    kubernetes.values().stream().flatMap(List::stream).forEach(d -> collectImages(d, images));
    return images;
  }

  private static void collectImages(JsonNode node, List<String> images) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("image") && e.getValue().isTextual()) {
                  images.add(e.getValue().asText());
                } else {
                  collectImages(e.getValue(), images);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectImages(child, images));
    }
  }

  /** ConfigMap keys and container env names, anywhere in a Kubernetes document. */
  private static void collectPulseVariables(JsonNode node, List<String> variables) {
    if (node.path("kind").asText().equals("ConfigMap")) {
      node.path("data").fieldNames().forEachRemaining(variables::add);
      return;
    }
    if (node.isObject()) {
      if (node.has("name") && (node.has("value") || node.has("valueFrom"))) {
        variables.add(node.get("name").asText());
      }
      node.forEach(child -> collectPulseVariables(child, variables));
    } else if (node.isArray()) {
      node.forEach(child -> collectPulseVariables(child, variables));
    }
  }

  private static List<String> dockerfileBaseImages() {
    List<String> images = new ArrayList<>();
    for (String line : dockerfile) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[0].equalsIgnoreCase("FROM")) {
        int i = words[1].startsWith("--platform") ? 2 : 1;
        images.add(words[i]);
      }
    }
    return images;
  }

  private static String composeImage(String service) {
    return compose.at("/services/" + service + "/image").asText();
  }

  private static List<String> ports(String service) {
    return stringList(compose.at("/services/" + service + "/ports"));
  }

  private static Map<String, String> composeEnv(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    compose
        .at("/services/" + service + "/environment")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** Variable names of a compose `environment`, in map or list form. */
  private static List<String> env(JsonNode environment) {
    List<String> names = new ArrayList<>();
    if (environment.isObject()) {
      environment.fieldNames().forEachRemaining(names::add);
    } else if (environment.isArray()) {
      environment.forEach(item -> names.add(item.asText().split("=", 2)[0]));
    }
    return names;
  }

  private static Map<String, String> containerEnv(JsonNode podSpec) {
    Map<String, String> env = new LinkedHashMap<>();
    podSpec
        .at("/containers/0/env")
        .forEach(item -> env.put(item.get("name").asText(), item.path("value").asText()));
    return env;
  }

  /** FLINK_PROPERTIES as the image's entrypoint reads it: one `key: value` per line. */
  private static Map<String, String> flinkProperties(JsonNode text) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : text.asText().split("\n")) {
      String[] keyValue = line.split(":", 2);
      if (keyValue.length == 2) {
        properties.put(keyValue[0].trim(), keyValue[1].trim());
      }
    }
    return properties;
  }

  private static Map<String, String> configMap(String name) {
    JsonNode map =
        kubernetes.values().stream()
            .flatMap(List::stream)
            .filter(d -> d.path("kind").asText().equals("ConfigMap"))
            .filter(d -> d.at("/metadata/name").asText().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    Map<String, String> data = new LinkedHashMap<>();
    map.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  private static JsonNode flinkDeployment() {
    return single("FlinkDeployment");
  }

  private static JsonNode single(String kind) {
    List<JsonNode> found =
        kubernetes.values().stream()
            .flatMap(List::stream)
            .filter(d -> d.path("kind").asText().equals(kind))
            .toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static List<String> stringList(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.asText()));
    return values;
  }

  private static String envName(ConfigOption<?> option) {
    return ConfigSources.envName(option.key());
  }

  /** Every document of a YAML file, anchors, aliases and merge keys resolved. */
  private static List<JsonNode> readYaml(Path file) throws IOException {
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

  /** The root pom's properties and its version, as `project.version`. */
  private static Map<String, String> rootPom(Path file) throws Exception {
    Document document;
    try (InputStream in = Files.newInputStream(file)) {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    Element project = document.getDocumentElement();
    Map<String, String> properties = new LinkedHashMap<>();
    NodeList children = project.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child.getNodeName().equals("version")) {
        properties.put("project.version", child.getTextContent().trim());
      }
      if (child.getNodeName().equals("properties")) {
        NodeList entries = child.getChildNodes();
        for (int j = 0; j < entries.getLength(); j++) {
          if (entries.item(j) instanceof Element entry) {
            properties.put(entry.getTagName(), entry.getTextContent().trim());
          }
        }
      }
    }
    return properties;
  }

  /**
   * The pinning rule for every image: a tag that starts with an exact version (major.minor.patch)
   * or a digest. "latest", a missing tag and floating tags such as "2.2" or "java17" fail.
   */
  static final class ImagePins {

    private static final Pattern REFERENCE =
        Pattern.compile("^(?<name>(?:[^/]+/)*[^/:@]+)(?::(?<tag>[^/@]+))?(?:@(?<digest>.+))?$");
    private static final Pattern EXACT_VERSION = Pattern.compile("^v?\\d+\\.\\d+\\.\\d+.*");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

    private ImagePins() {}

    static void requireExactVersion(String image) {
      Matcher m = REFERENCE.matcher(image);
      if (!m.matches()) {
        throw new IllegalArgumentException("not an image reference: " + image);
      }
      String tag = m.group("tag");
      String digest = m.group("digest");
      if (digest != null && DIGEST.matcher(digest).matches()) {
        return;
      }
      if (tag == null) {
        throw new IllegalArgumentException(image + " has no tag: it would run whatever is latest");
      }
      if (!EXACT_VERSION.matcher(tag).matches()) {
        throw new IllegalArgumentException(
            image + " is not pinned to an exact version (tag '" + tag + "')");
      }
    }
  }
}
