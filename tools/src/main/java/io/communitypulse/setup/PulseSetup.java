package io.communitypulse.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code ./pulse setup} prepares, in order: Kafka topics; Elasticsearch templates,
 * indices and aliases; per-community filtered aliases and roles; Kibana data views and dashboards
 * in the default space and one space per community, each space showing times in UTC. Every step is
 * idempotent, so running the setup again (after adding a community, or on every deploy) is safe.
 *
 * <p>Roles go through Kibana when a Kibana URL is given (its role API also grants the space), else
 * straight to Elasticsearch. When security is off there is nothing to grant: the setup says so and
 * goes on, since a local or demo installation runs that way.
 */
public final class PulseSetup {

  private final PulseConfig config;
  private final PrintStream out;

  public PulseSetup(PulseConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Writes the tenancy definitions (roles, spaces, aliases) as files, contacting nothing. */
  public void writeDefinitions(Path dir) throws IOException {
    List<Path> files =
        TenancyDefinitions.write(dir, config.elasticsearch().indexPrefix(), tenants());
    out.println("setup: wrote " + files.size() + " definition files under " + dir);
  }

  /** Runs every step against the configured Kafka, Elasticsearch and (optional) Kibana. */
  public void apply() throws IOException {
    List<Tenant> tenants = tenants();
    for (String line : TopicSetup.ensure(config)) {
      out.println("setup: kafka " + line);
    }
    String prefix = config.elasticsearch().indexPrefix();
    try (ElasticsearchClient es =
        ElasticsearchClients.create(
            config.elasticsearch().requireUrl(), config.elasticsearch().apiKey().orElse(null))) {
      ElasticsearchSetup.ensureIndices(es, prefix);
      out.println("setup: elasticsearch templates, indices and aliases are current");
      TenantAliases.ensure(es, prefix, tenants);
      if (!tenants.isEmpty()) {
        out.println("setup: elasticsearch filtered aliases for " + tenants.size() + " communities");
      }
      if (config.setup().kibanaUrl().isEmpty() && !tenants.isEmpty()) {
        putElasticsearchRoles(es, tenants);
      }
    }
    config.setup().kibanaUrl().ifPresent(url -> setUpKibana(url, tenants));
  }

  private void putElasticsearchRoles(ElasticsearchClient es, List<Tenant> tenants)
      throws IOException {
    for (Tenant tenant : tenants) {
      String name = tenant.roleName(config.elasticsearch().indexPrefix());
      String body =
          TenantRoles.elasticsearchRole(config.elasticsearch().indexPrefix(), tenant).toString();
      try {
        es.security().putRole(r -> r.name(name).withJson(new StringReader(body)));
      } catch (ElasticsearchException e) {
        if (securityIsOff(e)) {
          out.println(
              "setup: elasticsearch security is off, so no roles were created (anyone can read"
                  + " every community); see docs/deployment.md to turn it on");
          return;
        }
        throw new SetupException("Elasticsearch refused role " + name + ": " + e.getMessage(), e);
      }
    }
    out.println("setup: elasticsearch roles for " + tenants.size() + " communities");
  }

  private void setUpKibana(String url, List<Tenant> tenants) {
    KibanaClient kibana = new KibanaClient(url, config.elasticsearch().apiKey().orElse(null));
    out.println("setup: kibana " + kibana.version() + " at " + url);
    new KibanaSetup(kibana, config.elasticsearch().indexPrefix(), out)
        .apply(SavedObjects.bundled(), tenants);
  }

  // With xpack.security.enabled=false the security endpoints do not exist at all; with a licence
  // that lacks security, Elasticsearch names the setting to turn on.
  private static boolean securityIsOff(ElasticsearchException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("no handler found for uri [/_security/")
        || message.contains("xpack.security.enabled");
  }

  private List<Tenant> tenants() {
    return config.setup().communities().stream().map(Tenant::new).toList();
  }
}
