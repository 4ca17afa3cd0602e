package io.communitypulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.local.LocalElasticsearch;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchConnection;
import io.communitypulse.sink.ElasticsearchSetup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code elasticsearch.api-key} against a real Elasticsearch node with security on: a wrong key, or
 * none, stops the preflight at once with one line naming the node, never the key; valid credentials
 * (the superuser of the file realm) prepare and read the indices through the same client code.
 *
 * <p>Why not a valid API key: the Elasticsearch zip used here (the integ-test distribution) lacks
 * the analysis-common module, and the {@code .security} index that stores API keys needs its {@code
 * pattern_capture} filter, so {@code POST /_security/api_key} answers 400 ("Unknown filter type
 * [pattern_capture]"). {@link LocalElasticsearch#createApiKey} works on a full distribution.
 */
@ExtendWith(SharedInfrastructure.class)
class ElasticsearchApiKeyITCase {

  private static LocalElasticsearch secured;

  @BeforeAll
  static void startSecuredNode() {
    secured = LocalElasticsearch.secured().start();
  }

  @AfterAll
  static void stopSecuredNode() {
    if (secured != null) {
      secured.close();
    }
  }

  private static PulseConfig config(String key) {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key(), SharedInfrastructure.kafkaBootstrapServers());
    settings.put(PulseOptions.ES_URL.key(), secured.url());
    settings.put(
        PulseOptions.ES_INDEX_PREFIX.key(), SharedInfrastructure.uniqueName("apikey") + "-");
    if (key != null) {
      settings.put(PulseOptions.ES_API_KEY.key(), key);
    }
    return PulseConfig.from(Configuration.fromMap(settings));
  }

  @Test
  void validCredentialsPrepareTheIndicesAndReadThem() throws Exception {
    PulseConfig config = config(null);
    String userAndPassword =
        new String(
            Base64.getDecoder()
                .decode(secured.superuserAuthorization().substring("Basic ".length())),
            StandardCharsets.UTF_8);
    ElasticsearchConnection superuser =
        ElasticsearchConnection.of(secured.url())
            .withBasicAuth(
                LocalElasticsearch.SUPERUSER,
                userAndPassword.substring(LocalElasticsearch.SUPERUSER.length() + 1));

    try (ElasticsearchClient es = ElasticsearchClients.create(superuser)) {
      ElasticsearchSetup.ensureIndices(es, config.elasticsearch().indexPrefix());
      String sessions = config.elasticsearch().alias(Aliases.SESSIONS);
      assertThat(es.indices().existsAlias(a -> a.name(sessions)).value()).isTrue();
      assertThat(es.count(c -> c.index(sessions)).count()).isZero();
    }
  }

  @Test
  void aWrongApiKeyFailsFastWithOneLineThatDoesNotShowTheKey() {
    String wrong = "d3JvbmdfaWQ6d3Jvbmdfa2V5X3ZhbHVl"; // base64 of wrong_id:wrong_key_value
    long start = System.nanoTime();

    assertThatThrownBy(() -> Preflight.check(config(wrong)))
        .isInstanceOf(UnreachableInfrastructureException.class)
        .hasMessage(
            "Elasticsearch at " + secured.url() + " rejected the API key (401 Unauthorized)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void noApiKeyOnASecuredNodeSaysOneIsNeeded() {
    assertThatThrownBy(() -> Preflight.check(config(null)))
        .isInstanceOf(UnreachableInfrastructureException.class)
        .hasMessage(
            "Elasticsearch at "
                + secured.url()
                + " requires authentication: set elasticsearch.api-key (401 Unauthorized)");
  }
}
