package io.communitypulse.forget;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.infra.testing.TopicRecords;
import io.communitypulse.ingest.MemberIdPseudonymizer;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pulse forget} through its Java entry point on the real broker and node, with documents
 * written as the job writes them: the request it sends decodes from the erasure topic with the
 * right fields and key, it counts what names the member (and only in that community), it waits
 * until what named the member is gone (a stand-in deletes it here: the job's side is tested with
 * the job), and it says so and exits 1 when nothing removes it in time. Kafka or Elasticsearch
 * failing before the send means nothing is sent.
 */
@ExtendWith(SharedInfrastructure.class)
class ForgetCommandITCase {

  private static final Pattern REQUEST_ID = Pattern.compile("\\(request ([0-9a-f-]{36})\\)");
  private static final String HMAC_KEY = "forget-itcase-key";

  private String name;
  private PulseConfig config;

  @BeforeEach
  void ownTopicsAndIndices() throws Exception {
    name = SharedInfrastructure.uniqueName("forget");
    config = PulseConfig.from(Configuration.fromMap(RunTopicsAndIndices.settings(name)));
    RunTopicsAndIndices.create(config, 2);
  }

  @Test
  void sendsOneDecodableRequestKeyedByCommunityAndMemberAndCountsWhatNamesThem() throws Exception {
    index(traces("c1", "m7"));
    index(traces("c2", "m7")); // the same member id in another community is another member
    index(traces("c1", "m8"));
    Instant before = Instant.now();

    Run run = forget("--community", "c1", "--member", "m7", "--no-wait");

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .startsWith(
            "sent c1/m7: member document 1, sessions 3, 2 other sessions name this member;");
    List<ConsumerRecord<String, byte[]>> records = requests();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("c1/m7");
    ErasureRequest request = decode(records.get(0));
    assertThat(request.getRequestId()).isEqualTo(requestIds(run).get(0));
    assertThat(UUID.fromString(request.getRequestId())).isNotNull();
    assertThat(request.getCommunityId()).isEqualTo("c1");
    assertThat(request.getMemberId()).isEqualTo("m7");
    assertThat(request.getPseudonymized()).isFalse();
    assertThat(request.getRequestedAt()).isBetween(before.minusMillis(1), Instant.now());
  }

  @Test
  void namesAPseudonymisedMemberAsTheJobStoresThem() throws Exception {
    String pseudonym = MemberIdPseudonymizer.pseudonymOf(HMAC_KEY, "m7");
    index(traces("c1", pseudonym));
    index(traces("c1", "m7")); // the raw id is not what the job stores: not counted

    Run run =
        forget(
            "--community",
            "c1",
            "--member",
            "m7",
            "--no-wait",
            "--set",
            "privacy.member-id-hmac-key=" + HMAC_KEY);

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .startsWith(
            "sent c1/m7: member document 1, sessions 3, 2 other sessions name this member;");
    assertThat(run.stderr()).contains("member ids as their pseudonyms");
    List<ConsumerRecord<String, byte[]>> records = requests();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("c1/" + pseudonym);
    ErasureRequest request = decode(records.get(0));
    assertThat(request.getMemberId()).isEqualTo(pseudonym);
    assertThat(request.getPseudonymized()).isTrue();
  }

  @Test
  void warnsWhenOnlyTheRawIdIsStoredSoTheJobSeemsToRunWithoutTheKey() throws Exception {
    index(traces("c1", "m7"));

    Run run =
        forget(
            "--community",
            "c1",
            "--member",
            "m7",
            "--no-wait",
            "--set",
            "privacy.member-id-hmac-key=" + HMAC_KEY);

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("c1/m7: no document names this member;");
    assertThat(run.stderr())
        .contains(
            "forget: warning: c1/m7: no document names its pseudonym, but 6 name the raw id: if"
                + " the job runs without privacy.member-id-hmac-key (or with another key), it"
                + " dead-letters this request and forgets nobody");
  }

  @Test
  void readsAFileAndSaysWhenNoDocumentNamesAMember(@TempDir Path dir) throws Exception {
    index(traces("c1", "m7"));
    Path file = dir.resolve("forget.txt");
    Files.writeString(file, "# two requests\nc1/m7\n\nc2/nobody\n");

    Run run = forget("--file", file.toString(), "--no-wait");

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("sent c1/m7: member document 1, sessions 3,");
    assertThat(lines.get(1))
        .startsWith(
            "c2/nobody: no document names this member; request sent so the job's state is purged"
                + " too (request ");
    assertThat(requests())
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("c1/m7", "c2/nobody");
  }

  @Test
  void refusesAMalformedFileAndSendsNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("forget.txt");
    Files.writeString(file, "c1/m7\nc1 m8\n");

    Run run = forget("--file", file.toString(), "--no-wait");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "pulse: "
                + file
                + ": 1 malformed line, nothing was sent (line 2: 'c1 m8' is not"
                + " community/member)");
    assertThat(requests()).isEmpty();
  }

  @Test
  void waitsUntilWhatNamedTheMemberIsGone() throws Exception {
    Map<String, List<Map<String, Object>>> traces = traces("c1", "m7");
    index(traces);

    CompletableFuture<Run> forgetting =
        CompletableFuture.supplyAsync(
            () -> forget("--community", "c1", "--member", "m7", "--timeout", "60s"));
    // A stand-in for the job: once the request is in the topic, delete and scrub as it would.
    ErasureRequest request = decode(awaitRequest());
    assertThat(forgetting).isNotDone();
    removeAsTheJobWould(traces, request.getMemberId());
    Run run = forgetting.get(90, TimeUnit.SECONDS);

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout().strip())
        .isEqualTo(
            "forgot c1/m7: member document 1, sessions 3 deleted, 2 other sessions scrubbed"
                + " (request "
                + request.getRequestId()
                + ")");
    assertThat(run.stderr()).contains("waiting up to 1 min");
  }

  @Test
  void saysSoAndExitsOneWhenTheDocumentsOutlastTheTimeout() throws Exception {
    index(traces("c1", "m7"));

    Run run = forget("--community", "c1", "--member", "m7", "--timeout", "2s");

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith(
            "c1/m7: NOT forgotten within 2 s: still member document 1 of 1, sessions 3 of 3,"
                + " other sessions naming them 2 of 2; the request stays in "
                + config.kafka().erasureTopic());
    assertThat(run.stderr())
        .contains("pulse: 1 of 1 members not forgotten within 2 s; is the job running?");
    assertThat(requests()).hasSize(1);
  }

  @Test
  void sendsNothingWhenElasticsearchDoesNotAnswer() {
    List<String> args = new ArrayList<>(List.of("forget", "--community", "c1", "--member", "m7"));
    args.addAll(List.of("--kafka", SharedInfrastructure.kafkaBootstrapServers()));
    args.addAll(List.of("--es", "http://127.0.0.1:1"));
    args.addAll(PulseCommandLine.ownTopicsAndIndices(name));

    Run run = PulseCommandLine.run(args);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .startsWith(
            "pulse: Elasticsearch at http://127.0.0.1:1 cannot count the documents that name a"
                + " member (");
    assertThat(run.stderr().strip().lines()).hasSize(1);
    assertThat(requests()).isEmpty();
  }

  @Test
  void sendsNothingAndPointsToSetupWhenTheTopicIsMissing() {
    Run run =
        forget(
            "--community",
            "c1",
            "--member",
            "m7",
            "--set",
            "kafka.topic.erasure=" + name + ".not-set-up");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "pulse: Kafka at "
                + SharedInfrastructure.kafkaBootstrapServers()
                + " has no topic "
                + name
                + ".not-set-up: ./pulse setup creates it (kafka.topic.erasure names it); nothing"
                + " was sent");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** {@code ./pulse forget} on this test's topics and indices; {@code args} come last and win. */
  private Run forget(String... args) {
    List<String> all = new ArrayList<>(List.of("forget"));
    all.addAll(List.of("--kafka", SharedInfrastructure.kafkaBootstrapServers()));
    all.addAll(List.of("--es", SharedInfrastructure.elasticsearchUrl()));
    all.addAll(PulseCommandLine.ownTopicsAndIndices(name));
    all.addAll(List.of(args));
    return PulseCommandLine.run(all);
  }

  /**
   * The documents that name {@code member} of {@code community}, as the job writes them, by alias:
   * their member document, three sessions of theirs and two sessions of another actor who came
   * through their share link.
   */
  private static Map<String, List<Map<String, Object>>> traces(String community, String member) {
    List<Map<String, Object>> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sessions.add(session(community, member, member + "-own-" + i, null));
    }
    for (int i = 0; i < 2; i++) {
      sessions.add(session(community, "anon:dev-" + i, member + "-ref-" + i, member));
    }
    Map<String, Object> memberDocument = new HashMap<>();
    memberDocument.put("_id", community + "/" + member);
    memberDocument.put("community_id", community);
    memberDocument.put("member_id", member);
    return Map.of(Aliases.MEMBERS, List.of(memberDocument), Aliases.SESSIONS, sessions);
  }

  private static Map<String, Object> session(
      String community, String actor, String sessionId, String referredBy) {
    Map<String, Object> doc = new HashMap<>();
    doc.put("_id", community + "-" + sessionId);
    doc.put("session_id", community + "-" + sessionId);
    doc.put("community_id", community);
    doc.put("actor", actor);
    if (!actor.startsWith("anon:")) {
      doc.put("member_id", actor);
    }
    if (referredBy != null) {
      doc.put("referred_by", referredBy);
    }
    doc.put("start", 1_780_000_000_000L);
    doc.put("end", 1_780_000_600_000L);
    return doc;
  }

  private void index(Map<String, List<Map<String, Object>>> documents) throws Exception {
    BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
    documents.forEach(
        (alias, docs) -> {
          String index = config.elasticsearch().alias(alias);
          for (Map<String, Object> doc : docs) {
            Map<String, Object> source = new HashMap<>(doc);
            String id = (String) source.remove("_id");
            bulk.operations(op -> op.index(ix -> ix.index(index).id(id).document(source)));
          }
        });
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {
      BulkResponse response = es.bulk(bulk.build());
      assertThat(response.errors()).as(response.toString()).isFalse();
    }
  }

  /** Deletes the member's document and sessions and drops referred_by from the others. */
  private void removeAsTheJobWould(
      Map<String, List<Map<String, Object>>> documents, String memberId) throws Exception {
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    String members = config.elasticsearch().alias(Aliases.MEMBERS);
    String sessions = config.elasticsearch().alias(Aliases.SESSIONS);
    for (Map<String, Object> doc : documents.get(Aliases.MEMBERS)) {
      bulk.operations(op -> op.delete(d -> d.index(members).id((String) doc.get("_id"))));
    }
    for (Map<String, Object> doc : documents.get(Aliases.SESSIONS)) {
      String id = (String) doc.get("_id");
      if (memberId.equals(doc.get("actor"))) {
        bulk.operations(op -> op.delete(d -> d.index(sessions).id(id)));
      } else {
        Map<String, Object> scrubbed = new HashMap<>(doc);
        scrubbed.remove("_id");
        scrubbed.remove("referred_by");
        bulk.operations(op -> op.index(ix -> ix.index(sessions).id(id).document(scrubbed)));
      }
    }
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {
      BulkResponse response = es.bulk(bulk.build());
      assertThat(response.errors()).as(response.toString()).isFalse();
    }
  }

  private List<ConsumerRecord<String, byte[]>> requests() {
    return TopicRecords.readAll(
        SharedInfrastructure.kafkaBootstrapServers(), config.kafka().erasureTopic());
  }

  /** The first record of the erasure topic, as soon as there is one (a minute at most). */
  private ConsumerRecord<String, byte[]> awaitRequest() {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedInfrastructure.kafkaBootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(config.kafka().erasureTopic()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record;
        }
      }
    }
    throw new AssertionError(
        "no erasure request in " + config.kafka().erasureTopic() + " within 1 min");
  }

  private static ErasureRequest decode(ConsumerRecord<String, byte[]> record) {
    Decoded<ErasureRequest> decoded = WireCodec.erasureRequests().decode(record.value());
    assertThat(decoded.ok()).as("%s", decoded).isTrue();
    return decoded.value();
  }

  private static List<String> requestIds(Run run) {
    List<String> ids = new ArrayList<>();
    Matcher m = REQUEST_ID.matcher(run.stdout());
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
