package io.communitypulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.cli.Pulse;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.JsonLinesWriter;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.ElasticsearchClients;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole {@code ./pulse replay} run on the shared Kafka and Elasticsearch with every secret
 * configured (Elasticsearch API key, Kafka SASL password, member-id HMAC key) and pseudonymisation
 * on: nothing it logs shows a secret, a raw IP or a raw user agent from the input, and nothing it
 * stores in Elasticsearch holds an IP address or a raw member id.
 *
 * <p>The shared node has security off and ignores the API key, and the shared broker is PLAINTEXT,
 * so the SASL password is configured but not sent; {@code KafkaSaslITCase} checks the logs of a run
 * that does send it.
 */
@ExtendWith(SharedInfrastructure.class)
class PrivacyAndSecretsITCase {

  private static final String API_KEY = "QXBpS2V5U2VjcmV0OmVzLWtleS05ZjI3";
  private static final String SASL_PASSWORD = "sasl-secret-4d8a1";
  private static final String HMAC_KEY = "hmac-secret-b6e03";

  private static final Pattern IPV4 =
      Pattern.compile(
          "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.])");

  /** Full (eight groups) or compressed ({@code ::}) IPv6; a time such as 10:15:00 is neither. */
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?i)(?<![0-9a-f:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
              + "|(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4})(?![0-9a-f:])");

  private static final Set<String> ips = new TreeSet<>();
  private static final Set<String> userAgents = new TreeSet<>();
  private static final Set<String> memberIds = new TreeSet<>();
  private static String prefix;
  private static String logs;
  private static int exit;

  @BeforeAll
  static void replayWithEverySecretConfigured(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    SimulatorSettings settings =
        SimulatorSettings.defaults()
            .withSeed(23)
            .withCommunities(2)
            .withMembersPerCommunity(20)
            .withVisitorsPerCommunity(20)
            .withDays(2)
            .withStart(Instant.parse("2026-02-09T00:00:00Z"))
            .withMalformedShare(0.01);
    Path file = dir.resolve("events.jsonl");
    JsonLinesWriter.forSettings(settings).write(new CommunitySimulator(settings).iterator(), file);
    for (SpecificRecord event : new CommunitySimulator(settings).generate().toList()) {
      if (event instanceof ClickEvent click) {
        add(ips, click.getIp());
        add(userAgents, click.getUserAgent());
        add(memberIds, click.getMemberId());
        add(memberIds, click.getReferredBy());
      } else if (event instanceof PostEvent post) {
        add(memberIds, post.getMemberId());
        add(memberIds, post.getTargetMemberId());
      }
    }
    assertThat(ips).as("the input has IPs, v4 and v6").anyMatch(ip -> ip.contains(":"));
    assertThat(ips)
        .as("the patterns recognise every input IP")
        .allMatch(ip -> IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches());
    assertThat(userAgents).isNotEmpty();
    assertThat(memberIds).isNotEmpty();

    String name = SharedInfrastructure.uniqueName("privacy");
    prefix = name + "-";
    try (CapturedLogs captured = CapturedLogs.start()) {
      exit =
          Pulse.execute(
              "replay",
              file.toString(),
              "--kafka",
              SharedInfrastructure.kafkaBootstrapServers(),
              "--es",
              SharedInfrastructure.elasticsearchUrl(),
              "--set",
              "elasticsearch.api-key=" + API_KEY,
              "--set",
              "kafka.sasl.username=pulse",
              "--set",
              "kafka.sasl.password=" + SASL_PASSWORD,
              "--set",
              "privacy.member-id-hmac-key=" + HMAC_KEY,
              "--set",
              "kafka.topic.clicks=" + name + ".clicks",
              "--set",
              "kafka.topic.posts=" + name + ".posts",
              "--set",
              "kafka.topic.dead-letter=" + name + ".deadletter",
              "--set",
              "elasticsearch.index-prefix=" + prefix);
      logs = captured.text();
    }
  }

  private static void add(Set<String> set, String value) {
    if (value != null && !value.isBlank()) {
      set.add(value);
    }
  }

  @Test
  void theLogsOfAWholeRunShowNoSecretNoRawIpAndNoRawUserAgent() {
    assertThat(exit).as("the replay ran").isZero();
    assertThat(logs)
        .as("the capture saw the Kafka clients' INFO config dumps and the job's own lines")
        .contains("bootstrap.servers")
        .contains("io.communitypulse");
    assertThat(logs).doesNotContain(API_KEY, SASL_PASSWORD, HMAC_KEY);
    assertThat(ips.stream().filter(logs::contains)).as("raw IPs in the logs").isEmpty();
    assertThat(userAgents.stream().filter(logs::contains))
        .as("raw user agents in the logs")
        .isEmpty();
  }

  @Test
  void elasticsearchHoldsNoIpAddressAndNoRawMemberId() throws Exception {
    assertThat(exit).as("the replay ran").isZero();
    List<String> documents = allDocuments(prefix + "pulse-*");
    assertThat(documents).as("documents of every pulse index").hasSizeGreaterThan(10);

    List<String> findings = new ArrayList<>();
    for (String doc : documents) {
      if (IPV4.matcher(doc).find() || IPV6.matcher(doc).find()) {
        findings.add("an IP address in " + doc);
      }
      for (String ip : ips) {
        if (doc.contains(ip)) {
          findings.add("input IP " + ip + " in " + doc);
        }
      }
      for (String member : memberIds) {
        if (doc.contains(member)) {
          findings.add("raw member id " + member + " in " + doc);
        }
      }
    }
    assertThat(findings).as("what Elasticsearch must not hold").isEmpty();
  }

  /** Every document of the indices matching {@code pattern}, as its id plus its source JSON. */
  @SuppressWarnings("rawtypes")
  private static List<String> allDocuments(String pattern) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> documents = new ArrayList<>();
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      es.indices().refresh(r -> r.index(pattern));
      SearchResponse<Map> page =
          es.search(s -> s.index(pattern).size(10_000).query(q -> q.matchAll(m -> m)), Map.class);
      assertThat(page.hits().total().value()).as("one page holds them all").isLessThan(10_000);
      for (Hit<Map> hit : page.hits().hits()) {
        JsonNode source = json.valueToTree(hit.source());
        documents.add(hit.index() + "/" + hit.id() + " " + json.writeValueAsString(source));
      }
    }
    return documents;
  }
}
