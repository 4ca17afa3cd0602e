package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TenantRolesTest {

  private static final Tenant ACME = new Tenant("acme");

  @Test
  void theElasticsearchRoleReadsEveryPulseIndexThroughTheCommunityFilterOnly() {
    JsonNode role = TenantRoles.elasticsearchRole("", ACME);

    assertThat(role.path("cluster")).isEmpty();
    assertThat(role.path("indices")).hasSize(1);
    JsonNode indices = role.path("indices").get(0);
    assertThat(texts(indices.path("names")))
        .containsExactly("pulse-sessions*", "pulse-members*", "pulse-communities*");
    assertThat(texts(indices.path("privileges"))).containsExactly("read", "view_index_metadata");
    assertThat(indices.path("query").path("term").path("community_id").asText()).isEqualTo("acme");
  }

  @Test
  void theKibanaRoleCarriesTheSameFilterAsAStringAndReadsOnlyTheCommunitySpace() throws Exception {
    JsonNode role = TenantRoles.kibanaRole("t1-", ACME);

    JsonNode indices = role.path("elasticsearch").path("indices").get(0);
    assertThat(texts(indices.path("names"))).allMatch(n -> n.startsWith("t1-pulse-"));
    JsonNode query = new ObjectMapper().readTree(indices.path("query").asText());
    assertThat(query).isEqualTo(TenantRoles.documentFilter(ACME));
    JsonNode kibana = role.path("kibana").get(0);
    assertThat(texts(kibana.path("base"))).containsExactly("read");
    assertThat(texts(kibana.path("spaces"))).containsExactly("community-acme");
  }

  @Test
  void filteredAliasesUseTheSameFilterAsTheRoles() {
    JsonNode actions = TenantAliases.actions("", java.util.List.of(ACME, new Tenant("globex")));

    assertThat(actions.path("actions")).hasSize(6);
    for (JsonNode action : actions.path("actions")) {
      JsonNode add = action.path("add");
      String community =
          add.path("alias").asText().substring(add.path("alias").asText().indexOf('.') + 1);
      assertThat(add.path("filter")).isEqualTo(TenantRoles.documentFilter(new Tenant(community)));
      assertThat(add.path("index").asText()).endsWith("-v1");
      assertThat(add.path("is_write_index").asBoolean(true)).isFalse();
    }
  }

  private static java.util.List<String> texts(JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
