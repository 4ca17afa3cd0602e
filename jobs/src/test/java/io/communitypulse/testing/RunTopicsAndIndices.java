package io.communitypulse.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import java.io.IOException;
import java.util.List;

/** Creates a test run's own topics on the shared broker and its own indices on the shared node. */
public final class RunTopicsAndIndices {

  private RunTopicsAndIndices() {}

  public static void create(PulseConfig config, int partitions) throws IOException {
    for (String topic :
        List.of(config.clicksTopic(), config.postsTopic(), config.deadLetterTopic())) {
      SharedInfrastructure.createTopic(topic, partitions);
    }
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      ElasticsearchSetup.ensureIndices(es, config.indexPrefix());
    }
  }
}
