package io.communitypulse.runtime;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks, before a job starts, that the Kafka and Elasticsearch it will use answer, and prepares
 * Elasticsearch (templates, indices, aliases). A failure is one line naming the address, instead of
 * a job that retries in silence or a stack trace.
 */
public final class Preflight {

  private static final long TIMEOUT_SECONDS = 15;

  private Preflight() {}

  public static void check(PulseConfig config) {
    String kafka = config.requireKafka();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new UnreachableInfrastructureException(
          "Kafka at " + kafka + " does not answer (" + rootMessage(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableInfrastructureException("interrupted while checking Kafka", e);
    }
    String url = config.requireElasticsearch();
    try (ElasticsearchClient es =
        ElasticsearchClients.create(url, config.elasticsearchApiKey().orElse(null))) {
      ElasticsearchSetup.ensureIndices(es, config.indexPrefix());
    } catch (IOException | RuntimeException e) {
      throw new UnreachableInfrastructureException(
          "Elasticsearch at " + url + " cannot be set up (" + rootMessage(e) + ")", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
