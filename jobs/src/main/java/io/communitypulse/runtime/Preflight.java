package io.communitypulse.runtime;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * Checks, before a job starts, that the Kafka and Elasticsearch it will use answer and accept its
 * credentials, and prepares Elasticsearch (templates, indices, aliases). A failure is one line
 * naming the address (and the user, never the secret), instead of a job that retries in silence or
 * a stack trace.
 */
public final class Preflight {

  private static final long TIMEOUT_SECONDS = 15;

  private Preflight() {}

  public static void check(PulseConfig config) {
    checkKafka(config);
    checkElasticsearch(config);
  }

  private static void checkKafka(PulseConfig config) {
    String kafka = config.kafka().requireBootstrapServers();
    Properties props = new Properties();
    props.putAll(config.kafka().clientProperties());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw kafkaFailure(config, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableInfrastructureException("interrupted while checking Kafka", e);
    }
  }

  /**
   * One line: refused credentials are told apart from a broker that does not answer. For every
   * command that talks to Kafka ({@code ./pulse forget} too).
   */
  public static UnreachableInfrastructureException kafkaFailure(PulseConfig config, Exception e) {
    String kafka = config.kafka().requireBootstrapServers();
    Throwable auth = find(e, AuthenticationException.class);
    if (auth instanceof SaslAuthenticationException) {
      return new UnreachableInfrastructureException(
          "Kafka at "
              + kafka
              + " rejected the SASL credentials for user "
              + config.kafka().security().username().orElse("(none)")
              + " (SaslAuthenticationException)",
          e);
    }
    if (auth != null) {
      return new UnreachableInfrastructureException(
          "Kafka at "
              + kafka
              + " refused the connection with "
              + config.kafka().security().protocol()
              + " ("
              + rootMessage(auth)
              + ")",
          e);
    }
    return new UnreachableInfrastructureException(
        "Kafka at " + kafka + " does not answer (" + rootMessage(e) + ")", e);
  }

  private static void checkElasticsearch(PulseConfig config) {
    config
        .elasticsearch()
        .requireUrl(); // a missing URL is a configuration error, not a failure below
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {
      ElasticsearchSetup.ensureIndices(es, config.elasticsearch().indexPrefix());
    } catch (IOException | RuntimeException e) {
      throw elasticsearchFailure(config, e, "manage the pulse indices", "cannot be set up");
    }
  }

  /**
   * One line: refused credentials and missing privileges are told apart from a node that fails
   * otherwise. For every command that talks to Elasticsearch ({@code ./pulse forget} too).
   *
   * @param privilege what the API key lacks privileges to do on a 403, e.g. "manage the pulse
   *     indices"
   * @param otherwise what went wrong in any other case, e.g. "cannot be set up"
   */
  public static UnreachableInfrastructureException elasticsearchFailure(
      PulseConfig config, Exception e, String privilege, String otherwise) {
    String url = config.elasticsearch().requireUrl();
    if (statusOf(e) == 401) {
      return new UnreachableInfrastructureException(
          "Elasticsearch at "
              + url
              + (config.elasticsearch().apiKey().isPresent()
                  ? " rejected the API key (401 Unauthorized)"
                  : " requires authentication: set elasticsearch.api-key (401 Unauthorized)"),
          e);
    }
    if (statusOf(e) == 403) {
      return new UnreachableInfrastructureException(
          "Elasticsearch at "
              + url
              + " accepted the API key but it lacks privileges to "
              + privilege
              + " (403 Forbidden: "
              + rootMessage(e)
              + ")",
          e);
    }
    return new UnreachableInfrastructureException(
        "Elasticsearch at " + url + " " + otherwise + " (" + rootMessage(e) + ")", e);
  }

  /** The HTTP status of an Elasticsearch error anywhere in the cause chain, or 0. */
  private static int statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ElasticsearchException es) {
        return es.status();
      }
      if (t instanceof TransportException transport) {
        return transport.statusCode();
      }
    }
    return 0;
  }

  private static Throwable find(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
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
