package io.communitypulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.sink.DocumentWrite;
import org.junit.jupiter.api.Test;

class SessionDocumentErasureTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DocumentErasure ERASURE =
      new DocumentErasure(new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS));
  private static final SessionDocumentErasure TRANSFORM = new SessionDocumentErasure();

  @Test
  void deletesTheMembersOwnSession() throws Exception {
    assertThat(forget("m7", "{\"actor\":\"m7\",\"member_id\":\"m7\",\"events\":3}")).isNull();
  }

  @Test
  void cleansTheReferralAndTheUrlsOfSomeoneElsesSession() throws Exception {
    ObjectNode cleaned =
        forget(
            "m7",
            "{\"actor\":\"anon:d1\",\"referred_by\":\"m7\","
                + "\"entry_url\":\"https://x.test/t/1?utm=a&ref=m7\","
                + "\"exit_url\":\"https://x.test/u/m7/posts\",\"referrer\":\"https://x.test/\"}");

    assertThat(cleaned.has("referred_by")).isFalse();
    assertThat(cleaned.get("entry_url").asText())
        .isEqualTo("https://x.test/t/1?utm=a&ref=forgotten");
    assertThat(cleaned.get("exit_url").asText()).isEqualTo("https://x.test/u/forgotten/posts");
    assertThat(cleaned.get("referrer").asText()).isEqualTo("https://x.test/");
    assertThat(cleaned.get("actor").asText()).isEqualTo("anon:d1");
  }

  @Test
  void leavesAnotherMemberWhoseIdMerelyContainsTheForgottenOneAlone() throws Exception {
    String source =
        "{\"actor\":\"m77\",\"member_id\":\"m77\",\"referred_by\":\"m70\","
            + "\"entry_url\":\"https://x.test/u/m77?ref=m7x\"}";

    assertThat(forget("m7", source)).isEqualTo(MAPPER.readTree(source));
  }

  @Test
  void theOperationSelectsTheCommunitysSessionsThatCouldNameTheMemberAndIsLabelledByAHash()
      throws Exception {
    DocumentWrite op = ERASURE.sessions("pulse-sessions", "c1", "m*7");

    assertThat(op.kind).isEqualTo(DocumentWrite.Kind.UPDATE_BY_QUERY);
    assertThat(op.id).doesNotContain("m*7").startsWith("erase-sessions:");
    JsonNode body = MAPPER.readTree(op.source);
    assertThat(body.at("/query/bool/filter/0/term/community_id").asText()).isEqualTo("c1");
    assertThat(body.at("/query/bool/should").toString())
        .contains("{\"term\":{\"actor\":\"m*7\"}}")
        .contains("{\"term\":{\"referred_by\":\"m*7\"}}")
        .contains("{\"wildcard\":{\"entry_url\":{\"value\":\"*m\\\\*7*\"}}}");
    assertThat(body.get("sort").asText()).isEqualTo("session_id");
    assertThat(body.get("transform").asText()).isEqualTo(SessionDocumentErasure.NAME);
    assertThat(body.at("/params/member").asText()).isEqualTo("m*7");
  }

  private static ObjectNode forget(String member, String source) throws Exception {
    DocumentWrite op = ERASURE.sessions("pulse-sessions", "c1", member);
    JsonNode params = MAPPER.readTree(op.source).get("params");
    return TRANSFORM.apply((ObjectNode) MAPPER.readTree(source), params);
  }
}
