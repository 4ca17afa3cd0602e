package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Community Pulse index templates and creates the aliases the job writes to; safe to run
 * any number of times, also by several processes at once.
 *
 * <p>The templates are the JSON files of {@code infra/elasticsearch/} (read from the classpath,
 * where the pulse-infra jar puts them): a settings component template, one mappings component
 * template per document type, and one composable index template per alias that combines them with
 * the optional {@code pulse-settings@custom} component template, where operators override settings
 * such as {@code number_of_replicas}. For each alias the setup creates the concrete index {@code
 * <alias>-v1} with the mapping given explicitly (so it does not depend on which template wins a
 * pattern match) and makes it the alias's write index. When the alias already exists it puts the
 * current mapping on it, which adds new fields and fails loudly on an incompatible change.
 *
 * <p>With a prefix every name gets it: templates, patterns, indices and aliases ({@code t123-}
 * gives {@code t123-pulse-sessions} behind {@code t123-pulse-sessions-v1}), so tests on one shared
 * node never see each other's indices.
 */
public final class ElasticsearchSetup {

  /** Where the template files are on the classpath. */
  public static final String RESOURCE_FOLDER = "infra/elasticsearch/";

  /** The component template shared by every index. */
  public static final String SETTINGS_TEMPLATE = "pulse-settings";

  /** The optional component template that overrides {@link #SETTINGS_TEMPLATE}. */
  public static final String SETTINGS_OVERRIDE_TEMPLATE = "pulse-settings@custom";

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSetup.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ElasticsearchSetup() {}

  /** Ensures the templates, the three aliases and their write indices exist, without a prefix. */
  public static void ensureIndices(ElasticsearchClient client) throws IOException {
    ensureIndices(client, "");
  }

  /** Ensures templates, aliases and write indices for {@code prefix} (may be empty). */
  public static void ensureIndices(ElasticsearchClient client, String prefix) throws IOException {
    String p = Aliases.checkPrefix(prefix);
    putComponentTemplate(client, p, SETTINGS_TEMPLATE);
    for (String alias : Aliases.ALL) {
      putComponentTemplate(client, p, mappingsTemplate(alias));
      putIndexTemplate(client, p, alias);
      ensureAlias(client, p, alias);
    }
  }

  /**
   * The name of the mappings component template of an alias, e.g. {@code pulse-sessions-mappings}.
   */
  public static String mappingsTemplate(String alias) {
    return alias + "-mappings";
  }

  /** The mapping of an alias's documents, as the JSON the template files hold. */
  public static String mapping(String alias) {
    return componentTemplate(mappingsTemplate(alias)).path("template").path("mappings").toString();
  }

  private static void putComponentTemplate(ElasticsearchClient client, String prefix, String name)
      throws IOException {
    String body = componentTemplate(name).toString();
    client
        .cluster()
        .putComponentTemplate(r -> r.withJson(new StringReader(body)).name(prefix + name));
  }

  private static void putIndexTemplate(ElasticsearchClient client, String prefix, String alias)
      throws IOException {
    ObjectNode template = (ObjectNode) resource("index-templates/" + alias + ".json");
    // Patterns and component names all carry the prefix, so prefixed sets never overlap.
    for (String field :
        new String[] {"index_patterns", "composed_of", "ignore_missing_component_templates"}) {
      ArrayNode prefixed = JSON.createArrayNode();
      template.withArray(field).forEach(name -> prefixed.add(prefix + name.asText()));
      template.set(field, prefixed);
    }
    String body = template.toString();
    client.indices().putIndexTemplate(r -> r.withJson(new StringReader(body)).name(prefix + alias));
  }

  private static void ensureAlias(ElasticsearchClient client, String prefix, String alias)
      throws IOException {
    String aliasName = prefix + alias;
    String index = Aliases.concreteIndex(prefix, alias);
    String mapping = mapping(alias);
    if (client.indices().existsAlias(r -> r.name(aliasName)).value()) {
      client.indices().putMapping(r -> r.withJson(new StringReader(mapping)).index(aliasName));
      LOG.debug("Elasticsearch alias {} exists; mapping is current", aliasName);
      return;
    }
    try {
      client
          .indices()
          .create(
              r ->
                  r.index(index)
                      .mappings(TypeMapping.of(m -> m.withJson(new StringReader(mapping))))
                      .aliases(aliasName, a -> a.isWriteIndex(true)));
      LOG.info("Elasticsearch: created index {} behind alias {}", index, aliasName);
    } catch (ElasticsearchException e) {
      if (!"resource_already_exists_exception".equals(e.error().type())) {
        throw e;
      }
      // Another process created the index first, or an earlier run stopped before the alias.
      client.indices().putMapping(r -> r.withJson(new StringReader(mapping)).index(index));
      client
          .indices()
          .updateAliases(
              r ->
                  r.actions(
                      a -> a.add(add -> add.index(index).alias(aliasName).isWriteIndex(true))));
      LOG.info("Elasticsearch: alias {} points to existing index {}", aliasName, index);
    }
  }

  private static JsonNode componentTemplate(String name) {
    return resource("component-templates/" + name + ".json");
  }

  private static JsonNode resource(String path) {
    String location = RESOURCE_FOLDER + path;
    try (InputStream in = ElasticsearchSetup.class.getClassLoader().getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalStateException(
            location + " is not on the classpath: is the pulse-infra jar there?");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }
}
