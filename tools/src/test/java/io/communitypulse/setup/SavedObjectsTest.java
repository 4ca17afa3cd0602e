package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SavedObjectsTest {

  private static final String NDJSON =
      """
      {"type":"index-pattern","id":"pulse-sessions","attributes":{"title":"pulse-sessions","name":"Sessions","timeFieldName":"start"},"references":[]}
      {"type":"dashboard","id":"pulse-dash","attributes":{"title":"Sessions"},"references":[{"type":"index-pattern","id":"pulse-sessions","name":"p1:indexpattern-datasource-layer-a"},{"type":"tag","id":"not-in-file","name":"tag-ref"}]}
      {"exportedCount":2,"missingRefCount":0,"missingReferences":[]}
      """;

  @Test
  void skipsKibanasExportSummaryLine() {
    assertThat(SavedObjects.parse(NDJSON).size()).isEqualTo(2);
  }

  @Test
  void theSharedSpaceReadsThePrefixedSharedAliasUnderTheOriginalIds() {
    SavedObjects shared = SavedObjects.parse(NDJSON).forSharedSpace("t1-");

    Map<String, ObjectNode> byId = byId(shared);
    assertThat(byId).containsOnlyKeys("pulse-sessions", "pulse-dash");
    assertThat(byId.get("pulse-sessions").path("attributes").path("title").asText())
        .isEqualTo("t1-pulse-sessions");
  }

  @Test
  void aCommunitysSpaceReadsItsFilteredAliasAndEveryIdAndReferenceFollows() {
    SavedObjects acme = SavedObjects.parse(NDJSON).forTenant("", new Tenant("acme"));

    Map<String, ObjectNode> byId = byId(acme);
    assertThat(byId).containsOnlyKeys("pulse-sessions--acme", "pulse-dash--acme");
    JsonNode dataView = byId.get("pulse-sessions--acme").path("attributes");
    assertThat(dataView.path("title").asText()).isEqualTo("pulse-sessions.acme");
    assertThat(dataView.path("name").asText()).isEqualTo("Sessions (acme)");
    Set<String> referenced = new HashSet<>();
    byId.get("pulse-dash--acme")
        .path("references")
        .forEach(r -> referenced.add(r.path("id").asText()));
    // References into the file follow the new ids; references to objects outside it stay.
    assertThat(referenced).containsExactlyInAnyOrder("pulse-sessions--acme", "not-in-file");
  }

  @Test
  void theOriginalIsLeftUntouched() {
    SavedObjects original = SavedObjects.parse(NDJSON);
    String before = original.toNdjson();

    original.forTenant("", new Tenant("acme"));

    assertThat(original.toNdjson()).isEqualTo(before);
  }

  @Test
  void aDataViewOnSomethingElseThanTheSharedAliasesIsRefused() {
    SavedObjects odd =
        SavedObjects.parse(
            "{\"type\":\"index-pattern\",\"id\":\"x\",\"attributes\":{\"title\":\"logs-*\"}}\n");

    assertThatThrownBy(() -> odd.forTenant("", new Tenant("acme"))).hasMessageContaining("logs-*");
  }

  @Test
  void theBundledObjectsHaveADataViewForEverySharedAliasAndRewriteForACommunity() {
    SavedObjects bundled = SavedObjects.bundled();
    SavedObjects acme = bundled.forTenant("", new Tenant("acme"));

    Set<String> titles =
        acme.objects().stream()
            .filter(o -> SavedObjects.DATA_VIEW_TYPE.equals(o.path("type").asText()))
            .map(o -> o.path("attributes").path("title").asText())
            .collect(Collectors.toSet());
    assertThat(titles)
        .containsExactlyInAnyOrder(
            "pulse-sessions.acme", "pulse-members.acme", "pulse-communities.acme");
    Set<String> ids = byId(acme).keySet();
    assertThat(ids).allMatch(id -> id.endsWith("--acme"));
    for (ObjectNode object : acme.objects()) {
      for (JsonNode reference : object.path("references")) {
        assertThat(ids)
            .as("reference of %s", object.path("id"))
            .contains(reference.path("id").asText());
      }
    }
  }

  private static Map<String, ObjectNode> byId(SavedObjects objects) {
    return objects.objects().stream().collect(Collectors.toMap(o -> o.path("id").asText(), o -> o));
  }
}
