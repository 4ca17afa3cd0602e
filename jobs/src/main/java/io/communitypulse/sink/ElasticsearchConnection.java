package io.communitypulse.sink;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Elasticsearch is and how to authenticate: one or more http(s) URLs, optionally an API key
 * or a user name and password, and optionally the PEM file of the CA to trust for https.
 *
 * <p>Immutable and serializable because it travels inside the sink to the task managers, where
 * {@link ElasticsearchClients} builds the client. {@link #toString()} never shows a secret, so the
 * object can be logged and shown in the Flink UI.
 */
public final class ElasticsearchConnection implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<String> hosts;
  private final String apiKey;
  private final String username;
  private final String password;
  private final String caCertificate;

  private ElasticsearchConnection(
      List<String> hosts, String apiKey, String username, String password, String caCertificate) {
    this.hosts = List.copyOf(hosts);
    this.apiKey = apiKey;
    this.username = username;
    this.password = password;
    this.caCertificate = caCertificate;
  }

  /** A connection without authentication (e.g. the local node with security disabled). */
  public static ElasticsearchConnection of(String... urls) {
    return of(List.of(urls));
  }

  /** A connection without authentication to the given URLs. */
  public static ElasticsearchConnection of(List<String> urls) {
    for (String url : urls) {
      checkUrl(url);
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("hosts: at least one Elasticsearch URL is required");
    }
    return new ElasticsearchConnection(urls, null, null, null, null);
  }

  /** The same hosts, authenticated with an (encoded) API key; a null or blank key means none. */
  public ElasticsearchConnection withApiKey(String encodedApiKey) {
    if (encodedApiKey == null || encodedApiKey.isBlank()) {
      return new ElasticsearchConnection(hosts, null, username, password, caCertificate);
    }
    if (username != null) {
      throw new IllegalArgumentException("apiKey: cannot use both an API key and basic auth");
    }
    return new ElasticsearchConnection(hosts, encodedApiKey, null, null, caCertificate);
  }

  /** The same hosts, authenticated with a user name and password. */
  public ElasticsearchConnection withBasicAuth(String user, String pass) {
    if (user == null || user.isBlank() || pass == null) {
      throw new IllegalArgumentException("basicAuth: user name and password are both required");
    }
    if (apiKey != null) {
      throw new IllegalArgumentException("basicAuth: cannot use both an API key and basic auth");
    }
    return new ElasticsearchConnection(hosts, null, user, pass, caCertificate);
  }

  /**
   * The same hosts and credentials, trusting the CA certificate(s) in the PEM file at {@code
   * pemPath} for https (read where the client is built); null or blank means the JVM's default
   * trust store.
   */
  public ElasticsearchConnection withCaCertificate(String pemPath) {
    String path = pemPath == null || pemPath.isBlank() ? null : pemPath.trim();
    return new ElasticsearchConnection(hosts, apiKey, username, password, path);
  }

  public List<String> hosts() {
    return hosts;
  }

  Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  Optional<String> username() {
    return Optional.ofNullable(username);
  }

  Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The PEM file of the CA to trust, when set. */
  public Optional<String> caCertificate() {
    return Optional.ofNullable(caCertificate);
  }

  /**
   * Parses {@code url} as an absolute http(s) URL with a host, or fails with a message that names
   * the setting and shows the value (a URL is not a secret; credentials never go into it here).
   */
  static URI checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("hosts: an Elasticsearch URL must not be empty");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "hosts: '" + url + "' is not a URL (" + e.getReason() + ")", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "hosts: '" + url + "' must start with http:// or https://, e.g. http://localhost:9200");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("hosts: '" + url + "' has no host name");
    }
    if (uri.getUserInfo() != null) {
      // Credentials in a URL end up in logs and the Flink UI; make the caller use the setters.
      throw new IllegalArgumentException(
          "hosts: put credentials in the API key or basic-auth settings, not in the URL");
    }
    return uri;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ElasticsearchConnection c
        && hosts.equals(c.hosts)
        && Objects.equals(apiKey, c.apiKey)
        && Objects.equals(username, c.username)
        && Objects.equals(password, c.password)
        && Objects.equals(caCertificate, c.caCertificate);
  }

  @Override
  public int hashCode() {
    return hosts.hashCode();
  }

  @Override
  public String toString() {
    String auth = apiKey != null ? "api-key ***" : username != null ? "basic-auth ***" : "none";
    return "ElasticsearchConnection"
        + hosts
        + " auth="
        + auth
        + (caCertificate == null ? "" : " ca=" + caCertificate);
  }
}
