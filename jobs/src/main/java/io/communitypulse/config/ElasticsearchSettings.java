package io.communitypulse.config;

import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchConnection;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * Where the job's Elasticsearch is, how to trust and authenticate to it, and the prefix of every
 * index and alias ({@code elasticsearch.*} options, docs/configuration.md). {@link #toString()}
 * never shows the API key.
 *
 * @param url e.g. http://localhost:9200; empty until given
 * @param apiKey the encoded API key, if any
 * @param caCertificate a PEM file of the CA that signed the HTTP certificate, if any
 * @param indexPrefix prefix of every index and alias; empty for none
 */
public record ElasticsearchSettings(
    Optional<String> url,
    Optional<String> apiKey,
    Optional<String> caCertificate,
    String indexPrefix) {

  static ElasticsearchSettings from(Configuration conf) {
    ElasticsearchSettings settings =
        new ElasticsearchSettings(
            conf.getOptional(PulseOptions.ES_URL),
            conf.getOptional(PulseOptions.ES_API_KEY).filter(k -> !k.isBlank()),
            conf.getOptional(PulseOptions.ES_CA_CERTIFICATE).filter(p -> !p.isBlank()),
            conf.get(PulseOptions.ES_INDEX_PREFIX));
    if (settings.caCertificate.isPresent()
        && settings.url.isPresent()
        && !settings.url.get().startsWith("https://")) {
      throw new InvalidConfigException(
          PulseOptions.ES_CA_CERTIFICATE.key() + " is only used with an https:// URL");
    }
    if (!settings.indexPrefix.isEmpty() && !settings.indexPrefix.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new InvalidConfigException(
          PulseOptions.ES_INDEX_PREFIX.key() + " must be lower-case letters, digits, '-' or '_'");
    }
    return settings;
  }

  /** The Elasticsearch URL, or a clear error naming the setting. */
  public String requireUrl() {
    return url.orElseThrow(
        () ->
            new InvalidConfigException(
                "no Elasticsearch URL: pass --es URL or set "
                    + ConfigSources.envName(PulseOptions.ES_URL.key())));
  }

  /** Where Elasticsearch is and how to authenticate and trust it. */
  public ElasticsearchConnection connection() {
    return ElasticsearchConnection.of(requireUrl())
        .withApiKey(apiKey.orElse(null))
        .withCaCertificate(caCertificate.orElse(null));
  }

  /** The name of one of the {@link Aliases} with this deployment's prefix. */
  public String alias(String alias) {
    return Aliases.prefixed(indexPrefix, alias);
  }

  /** A copy pointing at another node. */
  public ElasticsearchSettings withUrl(String newUrl) {
    return new ElasticsearchSettings(Optional.of(newUrl), apiKey, caCertificate, indexPrefix);
  }

  @Override
  public String toString() {
    return "ElasticsearchSettings{url="
        + url.orElse("-")
        + ", apiKey="
        + (apiKey.isPresent() ? "***" : "-")
        + ", caCertificate="
        + caCertificate.orElse("-")
        + ", indexPrefix="
        + indexPrefix
        + "}";
  }
}
