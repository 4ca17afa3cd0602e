package io.communitypulse.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates a test run's own topics on the shared broker and its own indices on the shared node. */
public final class RunTopicsAndIndices {

  private RunTopicsAndIndices() {}

  /**
   * The settings of a run named {@code name} on the shared broker and node: their addresses, and
   * topics and an index prefix of the run's own. Mutable, for the run's further settings.
   */
  public static Map<String, String> settings(String name) {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key(), SharedInfrastructure.kafkaBootstrapServers());
    settings.put(PulseOptions.ES_URL.key(), SharedInfrastructure.elasticsearchUrl());
    settings.put(PulseOptions.TOPIC_CLICKS.key(), name + ".clicks");
    settings.put(PulseOptions.TOPIC_POSTS.key(), name + ".posts");
    settings.put(PulseOptions.TOPIC_DEAD_LETTER.key(), name + ".deadletter");
    settings.put(PulseOptions.TOPIC_ERASURE.key(), name + ".erasure");
    settings.put(PulseOptions.ES_INDEX_PREFIX.key(), name + "-");
    return settings;
  }

  public static void create(PulseConfig config, int partitions) throws IOException {
    for (String topic :
        List.of(
            config.kafka().clicksTopic(),
            config.kafka().postsTopic(),
            config.kafka().deadLetterTopic(),
            config.kafka().erasureTopic())) {
      SharedInfrastructure.createTopic(topic, partitions);
    }
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      ElasticsearchSetup.ensureIndices(es, config.elasticsearch().indexPrefix());
    }
  }
}
