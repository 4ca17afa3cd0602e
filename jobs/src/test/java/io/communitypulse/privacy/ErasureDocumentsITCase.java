package io.communitypulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.RunTopicsAndIndices;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Elasticsearch side of forgetting and of retention on a real node, through the production sink
 * (its registered transform included): what the session stage's erasure and the community stage's
 * sweep do to the documents already written, at their boundaries.
 */
@ExtendWith(SharedInfrastructure.class)
class ErasureDocumentsITCase {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String COMMUNITY = "c1";
  private static final long AS_OF = LocalDate.parse("2027-03-01").toEpochDay();

  private static PulseConfig config;
  private static ElasticsearchClient client;
  private static String sessions;
  private static String members;
  private static Retention retention;

  @BeforeAll
  static void indices() throws IOException {
    config =
        PulseConfig.from(
            Configuration.fromMap(
                RunTopicsAndIndices.settings(SharedInfrastructure.uniqueName("erasure"))));
    RunTopicsAndIndices.create(config, 1);
    client = ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl());
    sessions = config.elasticsearch().alias(Aliases.SESSIONS);
    members = config.elasticsearch().alias(Aliases.MEMBERS);
    retention =
        new Retention(
            sessions,
            members,
            config.privacy().sessionRetention(),
            config.privacy().memberRetention());
  }

  @AfterAll
  static void close() throws IOException {
    client.close();
  }

  @Test
  void forgettingDeletesTheMembersSessionsAndCleansOthersWithoutTouchingAnyoneElse()
      throws Exception {
    long start = at(AS_OF);
    write(
        session("own-1", "m7", "m7", null, "https://x.test/t/1", start),
        session("own-2", "m7", "m7", null, null, start + 1),
        session("referred", "anon:d1", null, "m7", "https://x.test/t/2?ref=m7", start + 2),
        session("profile", "m1", "m1", null, "https://x.test/u/m7", start + 3),
        session("lookalike", "m77", "m77", "m70", "https://x.test/u/m77?ref=m7x", start + 4),
        session("other-community", "m7", "m7", null, null, start + 5, "c2"));

    DocumentErasure erasure = new DocumentErasure(config.privacy().memberUrlIds());
    write(erasure.sessions(sessions, COMMUNITY, "m7"));

    Map<String, ObjectNode> stored = documents(sessions);
    assertThat(stored).containsOnlyKeys("referred", "profile", "lookalike", "other-community");
    assertThat(stored.get("referred").has("referred_by")).isFalse();
    assertThat(stored.get("referred").get("entry_url").asText())
        .isEqualTo("https://x.test/t/2?ref=forgotten");
    assertThat(stored.get("profile").get("entry_url").asText())
        .isEqualTo("https://x.test/u/forgotten");
    assertThat(stored.get("lookalike").get("referred_by").asText()).isEqualTo("m70");
    assertThat(stored.get("lookalike").get("entry_url").asText())
        .isEqualTo("https://x.test/u/m77?ref=m7x");
    assertThat(stored.get("other-community").get("actor").asText())
        .as("the same id in another community is someone else")
        .isEqualTo("m7");

    write(erasure.sessions(sessions, COMMUNITY, "m7"));
    assertThat(documents(sessions)).as("a second erasure changes nothing").isEqualTo(stored);
  }

  @Test
  void retentionDeletesWhatIsStrictlyOlderThanItsCutoffInTheCommunityOnly() throws Exception {
    long sessionCutoff = retention.sessionsCutoff(AS_OF);
    long memberCutoff = retention.membersCutoff(AS_OF);
    write(
        session("r-old", "m1", "m1", null, null, sessionCutoff - 1),
        session("r-edge", "m1", "m1", null, null, sessionCutoff),
        session("r-new", "m1", "m1", null, null, sessionCutoff + Duration.ofDays(1).toMillis()),
        session("r-old-elsewhere", "m1", "m1", null, null, sessionCutoff - 1, "c2"),
        member("gone", memberCutoff - 1, COMMUNITY),
        member("edge", memberCutoff, COMMUNITY),
        member("elsewhere", memberCutoff - 1, "c2"));

    write(retention.sweep(COMMUNITY, AS_OF, AS_OF - 1000).toArray(DocumentWrite[]::new));

    assertThat(documents(sessions)).containsKeys("r-edge", "r-new", "r-old-elsewhere");
    assertThat(documents(sessions)).doesNotContainKey("r-old");
    assertThat(documents(members).keySet())
        .contains(COMMUNITY + "/edge", "c2/elsewhere")
        .doesNotContain(COMMUNITY + "/gone");
  }

  private static long at(long day) {
    return day * 86_400_000L + 3_600_000L;
  }

  private static DocumentWrite session(
      String id, String actor, String memberId, String referredBy, String url, long start) {
    return session(id, actor, memberId, referredBy, url, start, COMMUNITY);
  }

  private static DocumentWrite session(
      String id,
      String actor,
      String memberId,
      String referredBy,
      String url,
      long start,
      String community) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("session_id", id);
    doc.put("community_id", community);
    doc.put("actor", actor);
    if (memberId != null) {
      doc.put("member_id", memberId);
    }
    doc.put("start", start);
    doc.put("end", start);
    doc.put("events", 1);
    if (url != null) {
      doc.put("entry_url", url);
      doc.put("exit_url", url);
    }
    if (referredBy != null) {
      doc.put("referred_by", referredBy);
    }
    doc.put("status", "closed");
    return DocumentWrite.upsert(sessions, id, 1, bytes(doc), community);
  }

  private static DocumentWrite member(String memberId, long lastSeen, String community) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("community_id", community);
    doc.put("member_id", memberId);
    doc.put("first_seen", lastSeen);
    doc.put("last_seen", lastSeen);
    return DocumentWrite.upsert(members, community + "/" + memberId, 1, bytes(doc), community);
  }

  private static byte[] bytes(ObjectNode doc) {
    try {
      return MAPPER.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes through the production sink, in order (one writer), at the end of a bounded job. */
  private static void write(DocumentWrite... writes) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(TypeInformation.of(DocumentWrite.class), writes)
        .sinkTo(ProductionSinks.documents(config));
    env.execute("erasure-documents-itcase");
  }

  private static Map<String, ObjectNode> documents(String alias) throws IOException {
    client.indices().refresh(r -> r.index(alias));
    Map<String, ObjectNode> stored = new TreeMap<>();
    List<Hit<ObjectNode>> hits = new ArrayList<>();
    hits.addAll(client.search(s -> s.index(alias).size(1000), ObjectNode.class).hits().hits());
    for (Hit<ObjectNode> hit : hits) {
      stored.put(hit.id(), hit.source());
    }
    return stored;
  }
}
