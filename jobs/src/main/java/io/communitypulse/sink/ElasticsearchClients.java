package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.TransportUtils;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Builds the official Java client from an {@link ElasticsearchConnection}: the one place that knows
 * the transport, so the sink, the index setup, {@code ./pulse} and the tests all talk to
 * Elasticsearch the same way.
 *
 * <p>The client uses the default Rest5 (Apache HttpClient 5) transport with its own I/O threads;
 * the caller owns it and must close it. Credentials are handed to the transport and never logged.
 */
public final class ElasticsearchClients {

  private ElasticsearchClients() {}

  /** A client for {@code url} without authentication. */
  public static ElasticsearchClient create(String url) {
    return create(ElasticsearchConnection.of(url));
  }

  /** A client for {@code url}, authenticated with {@code encodedApiKey} when it is not blank. */
  public static ElasticsearchClient create(String url, String encodedApiKey) {
    return create(ElasticsearchConnection.of(url).withApiKey(encodedApiKey));
  }

  /** A TLS context that trusts the CA certificate(s) of a PEM file, or a one-line error. */
  static SSLContext trusting(String pemPath) {
    try {
      return TransportUtils.sslContextFromHttpCaCrt(new File(pemPath));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "elasticsearch.ca-certificate: cannot read a PEM CA certificate from "
              + pemPath
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** A client for the given connection. */
  public static ElasticsearchClient create(ElasticsearchConnection connection) {
    List<URI> hosts = new ArrayList<>();
    for (String host : connection.hosts()) {
      hosts.add(ElasticsearchConnection.checkUrl(host));
    }
    return ElasticsearchClient.of(
        b -> {
          b.hosts(hosts);
          connection.apiKey().ifPresent(b::apiKey);
          connection
              .username()
              .ifPresent(user -> b.usernameAndPassword(user, connection.password().orElse("")));
          connection.caCertificate().ifPresent(pem -> b.sslContext(trusting(pem)));
          return b;
        });
  }
}
