package io.communitypulse.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.sink.Aliases;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * Creates one filtered alias per community and shared alias ({@code pulse-sessions.acme} shows only
 * {@code community_id: acme}), so a Kibana data view per community needs no query of its own.
 *
 * <p>A filtered alias is a convenience, not a security boundary: anyone who may read the concrete
 * index sees every community. {@link TenantRoles} is what restricts access. The aliases point at
 * the concrete write indices; a reindex to a new generation must move them too (docs/deployment).
 * Adding an alias that exists replaces it, so this is safe to run again.
 */
public final class TenantAliases {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TenantAliases() {}

  /** The body of {@code POST _aliases} that adds every tenant's filtered aliases at once. */
  public static ObjectNode actions(String indexPrefix, List<Tenant> tenants) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (Tenant tenant : tenants) {
      for (String shared : Aliases.ALL) {
        ObjectNode add = actions.addObject().putObject("add");
        add.put("index", Aliases.concreteIndex(indexPrefix, shared));
        add.put("alias", tenant.alias(indexPrefix, shared));
        add.put("is_write_index", false);
        add.set("filter", TenantRoles.documentFilter(tenant));
      }
    }
    return body;
  }

  /** Creates or refreshes the filtered aliases of every tenant, in one atomic request. */
  public static void ensure(ElasticsearchClient client, String indexPrefix, List<Tenant> tenants)
      throws IOException {
    if (tenants.isEmpty()) {
      return;
    }
    String body = actions(indexPrefix, tenants).toString();
    client.indices().updateAliases(r -> r.withJson(new StringReader(body)));
  }
}
