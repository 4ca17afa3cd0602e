package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./pulse setup} through its Java entry point on the real broker and node: topics exist with
 * the configured partitions (the erasure topic with its 30-day retention), the shared aliases and
 * every community's filtered aliases exist, and a filtered alias shows exactly its community's
 * documents. Run twice, it changes nothing.
 */
@ExtendWith(SharedInfrastructure.class)
class SetupCommandITCase {

  @Test
  void createsTopicsAliasesAndPerCommunityViewsAndCanRunAgain() throws Exception {
    String name = SharedInfrastructure.uniqueName("setup");
    String prefix = name + "-";
    List<String> args = new ArrayList<>(List.of("setup", "--communities", "acme,globex"));
    args.addAll(infrastructure());
    args.addAll(List.of("--set", "kafka.topic.partitions=3"));
    args.addAll(PulseCommandLine.ownTopicsAndIndices(name));

    Run first = PulseCommandLine.run(args);
    assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
    assertThat(first.stdout())
        .contains("setup: kafka " + name + ".clicks: created (3 partitions, replication 1)")
        .contains("filtered aliases for 2 communities")
        .contains("elasticsearch security is off")
        .contains("setup: done");

    assertThat(
            partitions(
                List.of(
                    name + ".clicks", name + ".posts", name + ".deadletter", name + ".erasure")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                name + ".clicks",
                3,
                name + ".posts",
                3,
                name + ".deadletter",
                3,
                name + ".erasure",
                3));
    assertThat(first.stdout())
        .contains(
            "setup: kafka "
                + name
                + ".erasure: created (3 partitions, replication 1, retention 30 d)");
    assertThat(retentionMs(name + ".erasure")).isEqualTo(String.valueOf(30L * 24 * 3600 * 1000));

    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      Tenant acme = new Tenant("acme");
      Tenant globex = new Tenant("globex");
      for (String shared : Aliases.ALL) {
        for (Tenant tenant : List.of(acme, globex)) {
          assertThat(es.indices().existsAlias(r -> r.name(tenant.alias(prefix, shared))).value())
              .as(tenant.alias(prefix, shared))
              .isTrue();
        }
      }
      index(es, prefix, Map.of("acme", 3, "globex", 2, "initech", 4));

      String sessions = Aliases.SESSIONS;
      assertThat(count(es, Aliases.prefixed(prefix, sessions))).isEqualTo(9);
      assertThat(count(es, acme.alias(prefix, sessions))).isEqualTo(3);
      assertThat(count(es, globex.alias(prefix, sessions))).isEqualTo(2);
    }

    Run second = PulseCommandLine.run(args);
    assertThat(second.exit()).as(second.stdout() + second.stderr()).isZero();
    assertThat(second.stdout())
        .contains("setup: kafka " + name + ".clicks: exists (3 partitions)")
        .contains("setup: kafka " + name + ".erasure: exists (3 partitions, retention 30 d)")
        .contains("setup: done");
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      assertThat(count(es, new Tenant("acme").alias(prefix, Aliases.SESSIONS))).isEqualTo(3);
    }
  }

  @Test
  void anUnreachableKibanaIsOneLineAndAFailure() {
    String name = SharedInfrastructure.uniqueName("setupkb");
    List<String> args = new ArrayList<>(List.of("setup", "--kibana", "http://127.0.0.1:1"));
    args.addAll(infrastructure());
    args.addAll(PulseCommandLine.ownTopicsAndIndices(name));
    Run run = PulseCommandLine.run(args);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .startsWith("pulse: Kibana at http://127.0.0.1:1 does not answer");
    assertThat(run.stderr().strip().lines()).hasSize(1);
  }

  private static void index(
      ElasticsearchClient es, String prefix, Map<String, Integer> perCommunity) throws Exception {
    BulkRequest.Builder bulk =
        new BulkRequest.Builder().refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
    String alias = Aliases.prefixed(prefix, Aliases.SESSIONS);
    perCommunity.forEach(
        (community, n) -> {
          for (int i = 0; i < n; i++) {
            String id = community + "-" + i;
            Map<String, Object> doc = Map.of("community_id", community, "session_id", id);
            bulk.operations(op -> op.index(ix -> ix.index(alias).id(id).document(doc)));
          }
        });
    var response = es.bulk(bulk.build());
    assertThat(response.errors()).as(response.toString()).isFalse();
  }

  private static long count(ElasticsearchClient es, String index) throws Exception {
    return es.count(c -> c.index(index)).count();
  }

  private static Map<String, Integer> partitions(List<String> topics) throws Exception {
    Properties props = new Properties();
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
      return described.entrySet().stream()
          .collect(
              java.util.stream.Collectors.toMap(
                  Map.Entry::getKey, e -> e.getValue().partitions().size()));
    }
  }

  private static String retentionMs(String topic) throws Exception {
    Properties props = new Properties();
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = Admin.create(props)) {
      return admin
          .describeConfigs(List.of(resource))
          .all()
          .get()
          .get(resource)
          .get(TopicConfig.RETENTION_MS_CONFIG)
          .value();
    }
  }

  private static List<String> infrastructure() {
    return List.of(
        "--kafka",
        SharedInfrastructure.kafkaBootstrapServers(),
        "--es",
        SharedInfrastructure.elasticsearchUrl());
  }
}
