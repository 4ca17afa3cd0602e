package io.communitypulse.session;

import static io.communitypulse.session.SessionFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.privacy.DocumentErasure;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentJson;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.testing.JobDefaults;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDocumentsTest {

  private final ObjectMapper json = new ObjectMapper();

  private static Session memberSession() {
    Session s = new Session();
    s.sessionId = SessionRules.sessionId("makers", "m-ada", T0);
    s.communityId = "makers";
    s.actor = "m-ada";
    s.memberId = "m-ada";
    s.anonymousIds = new ArrayList<>(List.of("d1", "d2"));
    s.start = T0;
    s.end = T0 + 90_500;
    s.durationS = 90.5;
    s.events = 14;
    s.pageViews = 3;
    s.clicks = 2;
    s.searches = 1;
    s.signups = 1;
    s.posts = 1;
    s.replies = 1;
    s.reactions = 1;
    s.acceptedAnswers = 1;
    s.mentions = 1;
    s.shares = 1;
    s.conversions = 1;
    s.conversionValue = 19.99;
    s.entryUrl = "/guides";
    s.exitUrl = "/shop/thanks";
    s.referrer = "https://search.example";
    s.referredBy = "m-grace";
    s.status = Session.Status.LIVE;
    s.version = 1_700_000_000_123L;
    return s;
  }

  private JsonNode sourceOf(DocumentWrite write) throws Exception {
    return json.readTree(write.source);
  }

  @Test
  void aMemberSessionHasEveryFieldOfTheDocument() throws Exception {
    JsonNode doc = sourceOf(documents(Aliases.SESSIONS).map(memberSession()));

    List<String> names = new ArrayList<>();
    doc.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyElementsOf(DocumentJson.fields(SessionDocument.class).keySet());
  }

  @Test
  void theSourceIsTheseBytes() {
    Session s = memberSession();
    s.sessionId = "sid";
    s.start = 1_700_000_000_000L;
    s.end = s.start + 90_500;
    // Every count a different value, so that two counts written in each other's place show.
    s.events = 200;
    s.pageViews = 3;
    s.clicks = 2;
    s.searches = 5;
    s.posts = 7;
    s.replies = 11;
    s.reactions = 13;
    s.acceptedAnswers = 17;
    s.mentions = 19;
    s.shares = 23;
    s.conversions = 29;

    assertThat(new String(SessionDocument.of(s).toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"session_id\":\"sid\",\"community_id\":\"makers\",\"actor\":\"m-ada\","
                + "\"member_id\":\"m-ada\",\"anonymous_ids\":[\"d1\",\"d2\"],\"start\":1700000000000,"
                + "\"end\":1700000090500,\"duration_s\":90.5,\"events\":200,\"page_views\":3,"
                + "\"clicks\":2,\"searches\":5,\"posts\":7,\"replies\":11,\"reactions\":13,"
                + "\"accepted_answers\":17,\"mentions\":19,\"shares\":23,\"conversions\":29,"
                + "\"conversion_value\":19.99,\"entry_url\":\"/guides\","
                + "\"exit_url\":\"/shop/thanks\",\"referrer\":\"https://search.example\","
                + "\"referred_by\":\"m-grace\",\"status\":\"live\"}");
  }

  @Test
  void aVisitorWithoutUrlsIsTheseBytesAnEmptyDeviceListIncluded() {
    Session s = memberSession();
    s.sessionId = "sid";
    s.actor = "anon:d1";
    s.memberId = null;
    s.anonymousIds = new ArrayList<>();
    s.start = 1_700_000_000_000L;
    s.end = s.start + 90_500;
    s.conversionValue = 0;
    s.entryUrl = null;
    s.exitUrl = null;
    s.referrer = null;
    s.referredBy = null;
    s.status = Session.Status.CLOSED;

    assertThat(new String(SessionDocument.of(s).toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"session_id\":\"sid\",\"community_id\":\"makers\",\"actor\":\"anon:d1\","
                + "\"anonymous_ids\":[],\"start\":1700000000000,\"end\":1700000090500,"
                + "\"duration_s\":90.5,\"events\":14,\"page_views\":3,\"clicks\":2,"
                + "\"searches\":1,\"posts\":1,\"replies\":1,\"reactions\":1,"
                + "\"accepted_answers\":1,\"mentions\":1,\"shares\":1,\"conversions\":1,"
                + "\"conversion_value\":0.0,\"status\":\"closed\"}");
  }

  @Test
  void documentCarriesTheValuesWithEpochMillisAndLowerCaseStatus() throws Exception {
    Session s = memberSession();
    s.status = Session.Status.CLOSED;

    JsonNode doc = sourceOf(documents(Aliases.SESSIONS).map(s));

    assertThat(doc.get("start").isIntegralNumber()).isTrue();
    assertThat(doc.get("start").asLong()).isEqualTo(T0);
    assertThat(doc.get("end").asLong()).isEqualTo(T0 + 90_500);
    assertThat(doc.get("duration_s").asDouble()).isEqualTo(90.5);
    assertThat(doc.get("conversion_value").asDouble()).isEqualTo(19.99);
    assertThat(doc.get("anonymous_ids")).extracting(JsonNode::asText).containsExactly("d1", "d2");
    assertThat(doc.get("status").asText()).isEqualTo("closed");
    assertThat(doc.get("accepted_answers").asLong()).isEqualTo(1);
  }

  @Test
  void nullFieldsAreLeftOut() throws Exception {
    Session visitor = memberSession();
    visitor.actor = "anon:d1";
    visitor.memberId = null;
    visitor.referrer = null;
    visitor.referredBy = null;
    visitor.entryUrl = null;
    visitor.exitUrl = null;

    JsonNode doc = sourceOf(documents(Aliases.SESSIONS).map(visitor));

    assertThat(doc.has("member_id")).isFalse();
    assertThat(doc.has("referrer")).isFalse();
    assertThat(doc.has("referred_by")).isFalse();
    assertThat(doc.has("entry_url")).isFalse();
    assertThat(doc.has("exit_url")).isFalse();
    assertThat(doc.get("actor").asText()).isEqualTo("anon:d1");
  }

  @Test
  void upsertGoesToTheAliasWithTheSessionIdAndVersion() {
    Session s = memberSession();

    DocumentWrite write = documents(Aliases.SESSIONS).map(s);

    assertThat(write.index).isEqualTo("pulse-sessions").isEqualTo(Aliases.SESSIONS);
    assertThat(write.id).isEqualTo(s.sessionId);
    assertThat(write.version).isEqualTo(s.version);
    assertThat(write.communityId).isEqualTo("makers");
    assertThat(write.isDelete()).isFalse();
  }

  @Test
  void aDeletedSessionBecomesADeleteOfItsIdWithItsVersion() {
    Session gone = Session.deletion("abc123", "makers", "m-ada", 42L);

    DocumentWrite write = documents("pulse-sessions-test").map(gone);

    assertThat(write.isDelete()).isTrue();
    assertThat(write.index).isEqualTo("pulse-sessions-test");
    assertThat(write.id).isEqualTo("abc123");
    assertThat(write.version).isEqualTo(42L);
    assertThat(write.communityId).isEqualTo("makers");
  }

  private static SessionDocuments documents(String index) {
    return new SessionDocuments(
        index, new DocumentErasure(JobDefaults.CONFIG.privacy().memberUrlIds()));
  }
}
