package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.AliasDefinition;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.time.Deadline;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink and the index setup against the real Elasticsearch node of {@link SharedInfrastructure}:
 * small Flink jobs (parallelism 2, checkpointing on, no Kryo) write into a uniquely prefixed set of
 * aliases, and the assertions read back what the node holds.
 */
@ExtendWith(SharedInfrastructure.class)
class ElasticsearchSinkITCase {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkITCase.class);
  private static final int DOCUMENTS = 2000;
  private static final String JOB_NAME = "elasticsearch-sink-itcase";
  private static final String FILLER = "filler";

  /** A delete-by-query body whose query Elasticsearch refuses: an invalid regular expression. */
  private static final String REGEXP_OPEN_BRACKET =
      "{\"query\":{\"regexp\":{\"actor\":{\"value\":\"[\"}}},\"sort\":\"session_id\"}";

  /** Documents per bulk request, and so per by-query page, in {@link #commit(WriteBatch)}. */
  private static final int PAGE = 2;

  private static final Map<String, DocumentTransform> TRANSFORMS =
      Map.of(ForgetActor.NAME, new ForgetActor());

  /** What {@link #actors} shows for a session whose actor is null. */
  private static final String NO_ACTOR = "(none)";

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .build());

  /** How many writes reached the sink writers (counted in the operator chained before them). */
  private static final AtomicLong RECEIVED = new AtomicLong();

  /** What the test's rejected-document handlers received, across the task threads. */
  private static final Queue<String> REJECTED = new ConcurrentLinkedQueue<>();

  private static ElasticsearchClient client;
  private String prefix;

  @BeforeAll
  static void connect() {
    client = ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl());
  }

  @AfterAll
  static void disconnect() throws IOException {
    client.close();
  }

  @BeforeEach
  void givePrefix() {
    prefix = SharedInfrastructure.uniqueName("sink") + "-";
    REJECTED.clear();
    RECEIVED.set(0);
  }

  @AfterEach
  void dropIndicesAndTemplates() throws IOException {
    // The node is shared by every ITCase of the run; leave nothing behind. Index templates go
    // before the component templates they use.
    List<String> componentTemplates = new ArrayList<>();
    for (String alias : Aliases.ALL) {
      String index = Aliases.concreteIndex(prefix, alias);
      client.indices().delete(r -> r.index(index).ignoreUnavailable(true));
      ignoringMissing(() -> client.indices().deleteIndexTemplate(r -> r.name(prefix + alias)));
      componentTemplates.add(prefix + ElasticsearchSetup.mappingsTemplate(alias));
    }
    componentTemplates.add(prefix + ElasticsearchSetup.SETTINGS_TEMPLATE);
    componentTemplates.add(prefix + ElasticsearchSetup.SETTINGS_OVERRIDE_TEMPLATE);
    for (String name : componentTemplates) {
      ignoringMissing(() -> client.cluster().deleteComponentTemplate(r -> r.name(name)));
    }
  }

  @Test
  void writesNewestStatesAndHandsRefusedDocumentsToTheHandler() throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    List<DocumentWrite> input = new ArrayList<>();
    Map<String, Long> expectedEvents = new HashMap<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      input.add(session(sessions, "s-" + i, 1, i));
      expectedEvents.put("s-" + i, (long) i);
    }
    // Versions 3, 1, 2 of one document, in this order: only version 3 may survive.
    input.add(session(sessions, "x", 3, 333));
    input.add(session(sessions, "x", 1, 111));
    input.add(session(sessions, "x", 2, 222));
    expectedEvents.put("x", 333L);
    input.add(session(sessions, "d", 1, 1));
    expectedEvents.put("d", 1L);
    // A string in a long field: Elasticsearch refuses it, the job goes on.
    input.add(
        DocumentWrite.upsert(
            sessions,
            "bad",
            1,
            "{\"session_id\":\"bad\",\"events\":\"many\"}".getBytes(StandardCharsets.UTF_8),
            "c1"));

    long started = System.nanoTime();
    JobID first = run(input);
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info(
        "Wrote {} documents in {} s ({} documents/s, job start included)",
        input.size(),
        String.format("%.2f", seconds),
        Math.round(input.size() / seconds));

    assertThat(storedEvents(sessions)).isEqualTo(expectedEvents);
    assertThat(REJECTED).containsExactly("bad document_parsing_exception");
    assertThat(counter(first, SinkMetrics.DOCUMENTS_WRITTEN)).isEqualTo(DOCUMENTS + 2);
    assertThat(counter(first, SinkMetrics.DOCUMENTS_REJECTED)).isEqualTo(1);
    assertThat(counter(first, SinkMetrics.RETRIES)).isZero();
    assertThat(METRICS.findMetrics(first, "\\." + SinkMetrics.BUFFERED_DOCUMENTS + "$"))
        .as("one gauge per writer, empty at the end")
        .hasSize(2)
        .allSatisfy((id, gauge) -> assertThat(((Gauge<?>) gauge).getValue()).isEqualTo(0));
    // Every input write is accounted for exactly once: x's versions 1 and 2 were either
    // superseded in the buffer or refused by Elasticsearch as stale.
    assertThat(
            counter(first, SinkMetrics.DOCUMENTS_WRITTEN)
                + counter(first, SinkMetrics.STALE_WRITES_SKIPPED)
                + counter(first, SinkMetrics.WRITES_SUPERSEDED)
                + counter(first, SinkMetrics.DOCUMENTS_REJECTED))
        .isEqualTo(input.size());

    // A later run: a delete removes a document; an older state of x is refused as stale.
    JobID second =
        run(List.of(DocumentWrite.delete(sessions, "d", 2, "c1"), session(sessions, "x", 1, 111)));

    expectedEvents.remove("d");
    assertThat(storedEvents(sessions)).isEqualTo(expectedEvents);
    assertThat(counter(second, SinkMetrics.DOCUMENTS_WRITTEN)).isEqualTo(1);
    assertThat(counter(second, SinkMetrics.STALE_WRITES_SKIPPED)).isEqualTo(1);
  }

  @Test
  void writesOnlyWhatACompletedCheckpointCovers(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    int documents = 100;
    // An unbounded source (after the documents, fillers that are filtered out) and no periodic
    // checkpoint in the test's lifetime: only the checkpoint the test triggers may write.
    GeneratorFunction<Long, DocumentWrite> generator =
        index ->
            index < documents
                ? session(sessions, "s-" + index, 1, index)
                : session(sessions, FILLER, 1, 0);
    StreamExecutionEnvironment env = environment(Duration.ofDays(1));
    DataStream<DocumentWrite> writes =
        env.fromSource(
                new DataGeneratorSource<>(
                    generator,
                    Long.MAX_VALUE,
                    RateLimiterStrategy.perSecond(200),
                    TypeInformation.of(DocumentWrite.class)),
                WatermarkStrategy.noWatermarks(),
                "writes")
            .filter(write -> !write.id.equals(FILLER));
    sinkTo(writes);
    JobClient job = env.executeAsync(JOB_NAME);
    try {
      Deadline deadline = Deadline.fromNow(Duration.ofMinutes(2));
      while (RECEIVED.get() < documents) {
        assertThat(deadline.hasTimeLeft()).as("the writers received every write").isTrue();
        Thread.sleep(100);
      }
      // The old sink wrote within its 1 s flush interval: nothing may arrive for 3 s.
      await("nothing before a checkpoint completes")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> storedEvents(sessions).isEmpty());

      cluster.triggerCheckpoint(job.getJobID(), CheckpointType.DEFAULT).get(2, TimeUnit.MINUTES);

      while (storedEvents(sessions).size() < documents) {
        assertThat(deadline.hasTimeLeft()).as("the checkpoint's writes arrive").isTrue();
        Thread.sleep(200);
      }
      assertThat(storedEvents(sessions)).hasSize(documents);
    } finally {
      job.cancel().get(2, TimeUnit.MINUTES);
    }
  }

  @Test
  void writesEverythingAtTheEndOfInputWithoutCheckpointing() throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    List<DocumentWrite> input = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      input.add(session(sessions, "s-" + i, 1, i));
    }

    job(input, null).execute(JOB_NAME);

    assertThat(storedEvents(sessions)).hasSize(input.size());
  }

  @Test
  void setupCreatesTheAliasesWithTheirMappingsAndIsIdempotent() throws IOException {
    ElasticsearchSetup.ensureIndices(client, prefix);
    ElasticsearchSetup.ensureIndices(client, prefix);

    for (String alias : Aliases.ALL) {
      String name = Aliases.prefixed(prefix, alias);
      Map<String, AliasDefinition> pointsTo = new HashMap<>();
      client
          .indices()
          .getAlias(r -> r.name(name))
          .aliases()
          .forEach((index, aliases) -> pointsTo.put(index, aliases.aliases().get(name)));
      assertThat(pointsTo).containsOnlyKeys(Aliases.concreteIndex(prefix, alias));
      assertThat(pointsTo.values())
          .singleElement()
          .satisfies(a -> assertThat(a.isWriteIndex()).isTrue());

      IndexSettings settings = settings(Aliases.concreteIndex(prefix, alias));
      assertThat(settings.numberOfReplicas()).isEqualTo("0");
      assertThat(settings.refreshInterval().time()).isEqualTo("1s");
    }
    TypeMapping sessions = mapping(Aliases.SESSIONS);
    assertThat(sessions.dynamic()).isEqualTo(DynamicMapping.Strict);
    assertThat(types(sessions.properties())).isEqualTo(IndexTemplatesTest.SESSION_FIELDS);
    TypeMapping members = mapping(Aliases.MEMBERS);
    assertThat(types(members.properties())).isEqualTo(IndexTemplatesTest.MEMBER_FIELDS);
    assertThat(types(members.properties().get("d28").object().properties()))
        .isEqualTo(IndexTemplatesTest.WINDOW_FIELDS);
    assertThat(types(mapping(Aliases.COMMUNITIES).properties()))
        .isEqualTo(IndexTemplatesTest.COMMUNITY_FIELDS);
  }

  @Test
  void setupFinishesWhatAnInterruptedSetupLeft() throws IOException {
    // An earlier run created the index but stopped before the alias.
    String index = Aliases.concreteIndex(prefix, Aliases.MEMBERS);
    client.indices().create(r -> r.index(index));

    ElasticsearchSetup.ensureIndices(client, prefix);

    String alias = Aliases.prefixed(prefix, Aliases.MEMBERS);
    assertThat(client.indices().getAlias(r -> r.name(alias)).aliases()).containsOnlyKeys(index);
    assertThat(types(mapping(Aliases.MEMBERS).properties()))
        .isEqualTo(IndexTemplatesTest.MEMBER_FIELDS);
  }

  @Test
  void anOverrideTemplateChangesTheSettingsOfNewIndices() throws IOException {
    String override = "{\"template\":{\"settings\":{\"index\":{\"refresh_interval\":\"5s\"}}}}";
    client
        .cluster()
        .putComponentTemplate(
            r ->
                r.withJson(new StringReader(override))
                    .name(prefix + ElasticsearchSetup.SETTINGS_OVERRIDE_TEMPLATE));

    ElasticsearchSetup.ensureIndices(client, prefix);

    IndexSettings settings = settings(Aliases.concreteIndex(prefix, Aliases.MEMBERS));
    assertThat(settings.refreshInterval().time()).isEqualTo("5s");
    assertThat(settings.numberOfReplicas()).isEqualTo("0");
  }

  // --- by-query operations ------------------------------------------------------------------

  @Test
  void aByQueryOperationTheNodeRefusesIsCountedAndTheWritesAroundItLand() throws Exception {
    // An invalid regular expression: the client sends the search, Elasticsearch refuses it with
    // 400. No retry can help, and failing the job would fail it again after every restore:
    // logged, counted, skipped.
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    DocumentWrite invalid =
        DocumentWrite.deleteByQuery(
            sessions, "erase-sessions:c1/m7", utf8(REGEXP_OPEN_BRACKET), "c1");

    JobID job = run(List.of(session(sessions, "s1", 1, 1), invalid, session(sessions, "s2", 1, 2)));

    assertThat(storedEvents(sessions)).isEqualTo(Map.of("s1", 1L, "s2", 2L));
    assertThat(counter(job, SinkMetrics.BY_QUERY_FAILURES)).isEqualTo(1);
    assertThat(counter(job, SinkMetrics.BY_QUERY_OPERATIONS)).isZero();
    assertThat(counter(job, SinkMetrics.DOCUMENTS_WRITTEN)).isEqualTo(2);
  }

  @Test
  void aDeleteByQueryDeletesWhatWasWrittenBeforeItAndSparesWhatCameAfter() throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    commit(
        session(sessions, "old", 1, 1, "m7"),
        session(sessions, "older", 1, 1, "m7"),
        session(sessions, "other", 1, 2, "m1"));

    // Within one batch: "c" is written before the erasure (refresh interval 1 s: without the
    // committer's refresh the search would not see it), "a" before it and again after it (spared:
    // its later write stands), "b" only after it. Pages of two: the matches take two pages.
    SinkMetrics metrics =
        commit(
            session(sessions, "c", 1, 30, "m7"),
            session(sessions, "a", 1, 10, "m7"),
            session(sessions, "m1-session", 1, 3, "m1"),
            eraseActor(sessions, "m7"),
            session(sessions, "b", 1, 20, "m7"),
            session(sessions, "a", 2, 11, "m7"));

    assertThat(storedEvents(sessions))
        .isEqualTo(Map.of("other", 2L, "m1-session", 3L, "a", 11L, "b", 20L));
    assertThat(metrics.documentsDeletedByQuery.getCount()).as("old, older and c").isEqualTo(3);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isZero();
  }

  @Test
  void anUpdateByQueryWithATransformChangesOnlyMatchingDocuments() throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);

    SinkMetrics metrics =
        commit(
            session(sessions, "s1", 1, 1, "m7"),
            session(sessions, "s2", 1, 2, "m1"),
            session(sessions, "s3", 1, 3, "m7"),
            openSession(sessions, "s4", 1, 4, "m7"),
            openSession(sessions, "s5", 1, 5, "m1"),
            forgetActor(sessions, "m7"));

    assertThat(actors(sessions))
        .isEqualTo(Map.of("s1", NO_ACTOR, "s2", "m1", "s3", NO_ACTOR, "s5", "m1"));
    assertThat(storedEvents(sessions))
        .as("the rest of each document as it was")
        .isEqualTo(Map.of("s1", 1L, "s2", 2L, "s3", 3L, "s5", 5L));
    assertThat(metrics.documentsUpdatedByQuery.getCount()).isEqualTo(2);
    assertThat(metrics.documentsDeletedByQuery.getCount()).as("s4, open").isEqualTo(1);
    assertThat(metrics.byQueryOperations.getCount()).isEqualTo(1);
    assertThat(metrics.byQueryFailures.getCount()).isZero();
  }

  @Test
  void aBatchWithByQueryOperationsCommittedAgainAfterARestoreEndsInTheSameState() throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    WriteBatch batch =
        new WriteBatch(
            List.of(
                session(sessions, "x", 5, 1, "m7"),
                session(sessions, "y", 5, 2, "m1"),
                session(sessions, "w", 5, 3, "m2"),
                session(sessions, "v", 5, 5, "m2"),
                eraseActor(sessions, "m7"),
                forgetActor(sessions, "m2"),
                session(sessions, "z", 6, 4, "m7")));
    commit(batch);
    Map<String, String> first = actors(sessions);
    assertThat(first).isEqualTo(Map.of("y", "m1", "w", NO_ACTOR, "v", NO_ACTOR, "z", "m7"));

    // As after a restore: the batch comes back from the checkpoint and a new committer writes it.
    WriteBatchSerializer serializer = WriteBatchSerializer.INSTANCE;
    SinkMetrics again =
        commit(serializer.deserialize(serializer.getVersion(), serializer.serialize(batch)));

    assertThat(actors(sessions)).isEqualTo(first);
    assertThat(storedEvents(sessions)).isEqualTo(Map.of("y", 2L, "w", 3L, "v", 5L, "z", 4L));
    assertThat(again.staleWritesSkipped.getCount())
        .as("every write: x's tombstone and w's and v's transformed states kept their versions")
        .isEqualTo(5);
    assertThat(again.documentsDeletedByQuery.getCount() + again.documentsUpdatedByQuery.getCount())
        .as("nothing left to change")
        .isZero();
  }

  @Test
  void aTransformsResultSurvivesALaterCommitOfAnOlderBatchAndYieldsToANewerWrite()
      throws Exception {
    ElasticsearchSetup.ensureIndices(client, prefix);
    String sessions = Aliases.prefixed(prefix, Aliases.SESSIONS);
    commit(
        session(sessions, "s1", 5, 1, "m2"),
        openSession(sessions, "s2", 5, 2, "m2"),
        forgetActor(sessions, "m2"));
    assertThat(actors(sessions)).isEqualTo(Map.of("s1", NO_ACTOR));

    // An older batch committed late (a restore of an earlier checkpoint's batch): its states are
    // older than what the transform left, whose writes kept each document's version.
    SinkMetrics older =
        commit(session(sessions, "s1", 4, 100, "m2"), openSession(sessions, "s2", 4, 200, "m2"));

    assertThat(actors(sessions)).isEqualTo(Map.of("s1", NO_ACTOR));
    assertThat(storedEvents(sessions)).isEqualTo(Map.of("s1", 1L));
    assertThat(older.staleWritesSkipped.getCount()).isEqualTo(2);

    // A newer state the job writes afterwards replaces the transform's result, as any newer write.
    commit(session(sessions, "s1", 6, 7, "m3"));

    assertThat(actors(sessions)).isEqualTo(Map.of("s1", "m3"));
  }

  // --- helpers ------------------------------------------------------------------------------

  /** Writes one batch with a committer of its own, as Flink does once the checkpoint completed. */
  private static SinkMetrics commit(DocumentWrite... writes) throws Exception {
    return commit(new WriteBatch(List.of(writes)));
  }

  /**
   * Bulks, and so by-query pages, of {@link #PAGE} writes, so that a few documents already take a
   * by-query operation across pages.
   */
  private static SinkMetrics commit(WriteBatch batch) throws Exception {
    SinkMetrics metrics = new SinkMetrics(new UnregisteredMetricsGroup());
    BulkSettings defaults = BulkSettings.defaults();
    BulkSettings smallPages =
        new BulkSettings(
            PAGE,
            defaults.maxBulkBytes(),
            defaults.initialRetryBackoff(),
            defaults.maxRetryBackoff(),
            defaults.requireAlias());
    try (ElasticsearchCommitter committer =
        new ElasticsearchCommitter(
            smallPages,
            ElasticsearchOperations.of(
                ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())),
            new RecordingHandler(),
            metrics,
            Sleeper.THREAD_SLEEP,
            TRANSFORMS)) {
      committer.commit(List.of(new MustSucceed(batch)));
    }
    assertThat(REJECTED).isEmpty();
    return metrics;
  }

  /** Deletes every session of {@code actor}, as erasure does. */
  private static DocumentWrite eraseActor(String alias, String actor) {
    String body = "{\"query\":{\"term\":{\"actor\":\"" + actor + "\"}},\"sort\":\"session_id\"}";
    return DocumentWrite.deleteByQuery(alias, "erase-sessions:c1/" + actor, utf8(body), "c1");
  }

  /** Forgets {@code actor} in its sessions with {@link ForgetActor} (idempotent). */
  private static DocumentWrite forgetActor(String alias, String actor) {
    String body =
        "{\"query\":{\"term\":{\"actor\":\""
            + actor
            + "\"}},\"sort\":\"session_id\",\"transform\":\""
            + ForgetActor.NAME
            + "\",\"params\":{\"actor\":\""
            + actor
            + "\"}}";
    return DocumentWrite.updateByQuery(alias, "forget-sessions:c1/" + actor, utf8(body), "c1");
  }

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Every stored session's id and actor, {@link #NO_ACTOR} for a null one. */
  private static Map<String, String> actors(String alias) throws IOException {
    client.indices().refresh(r -> r.index(alias));
    Map<String, String> stored = new HashMap<>();
    for (Hit<ObjectNode> hit :
        client.search(s -> s.index(alias).size(DOCUMENTS + 100), ObjectNode.class).hits().hits()) {
      JsonNode actor = hit.source().get("actor");
      assertThat(actor).as("actor of " + hit.id()).isNotNull();
      stored.put(hit.id(), actor.isNull() ? NO_ACTOR : actor.asText());
    }
    return stored;
  }

  private JobID run(List<DocumentWrite> input) throws Exception {
    JobExecutionResult result = job(input, Duration.ofMillis(200)).execute(JOB_NAME);
    return result.getJobID();
  }

  /** A bounded job writing {@code input}; a null interval means checkpointing off. */
  private static StreamExecutionEnvironment job(
      List<DocumentWrite> input, Duration checkpointInterval) {
    StreamExecutionEnvironment env = environment(checkpointInterval);
    sinkTo(env.fromData(input).name("writes"));
    return env;
  }

  private static StreamExecutionEnvironment environment(Duration checkpointInterval) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    if (checkpointInterval != null) {
      env.enableCheckpointing(checkpointInterval.toMillis());
    }
    return env;
  }

  private static void sinkTo(DataStream<DocumentWrite> writes) {
    ElasticsearchSink sink =
        ElasticsearchSink.builder()
            .hosts(SharedInfrastructure.elasticsearchUrl())
            .maxBulkActions(500)
            .rejectedDocumentHandler(context -> new RecordingHandler())
            .transform(ForgetActor.NAME, new ForgetActor())
            .build();
    writes
        // Like the job: all writes of one document reach the same writer, in order.
        .keyBy(write -> write.index + "/" + write.id, Types.STRING)
        .map(
            write -> {
              // Chained to the writer: the write reaches it when this returns.
              RECEIVED.incrementAndGet();
              return write;
            })
        .returns(DocumentWrite.class)
        .name("count")
        .sinkTo(sink)
        .name("elasticsearch")
        .uid("elasticsearch");
  }

  private static DocumentWrite session(String alias, String id, long version, long events) {
    return session(alias, id, version, events, "m1");
  }

  private static DocumentWrite session(
      String alias, String id, long version, long events, String actor) {
    return session(alias, id, version, events, actor, "closed");
  }

  private static DocumentWrite openSession(
      String alias, String id, long version, long events, String actor) {
    return session(alias, id, version, events, actor, "open");
  }

  private static DocumentWrite session(
      String alias, String id, long version, long events, String actor, String status) {
    String json =
        "{\"session_id\":\""
            + id
            + "\",\"community_id\":\"c1\",\"actor\":\""
            + actor
            + "\",\"events\":"
            + events
            + ",\"start\":1764000000000,\"status\":\""
            + status
            + "\"}";
    return DocumentWrite.upsert(alias, id, version, json.getBytes(StandardCharsets.UTF_8), "c1");
  }

  /** Every stored session's id and events count. */
  private static Map<String, Long> storedEvents(String alias) throws IOException {
    client.indices().refresh(r -> r.index(alias));
    Map<String, Long> stored = new HashMap<>();
    for (Hit<ObjectNode> hit :
        client.search(s -> s.index(alias).size(DOCUMENTS + 100), ObjectNode.class).hits().hits()) {
      ObjectNode source = hit.source();
      assertThat(source.path("session_id").asText()).isEqualTo(hit.id());
      assertThat(source.path("community_id").asText()).isEqualTo("c1");
      stored.put(hit.id(), source.path("events").asLong());
    }
    return stored;
  }

  private static long counter(JobID job, String name) {
    return METRICS.findMetrics(job, "\\." + name + "$").values().stream()
        .mapToLong(metric -> ((Counter) metric).getCount())
        .sum();
  }

  private TypeMapping mapping(String alias) throws IOException {
    String index = Aliases.concreteIndex(prefix, alias);
    return client.indices().getMapping(r -> r.index(index)).get(index).mappings();
  }

  private static IndexSettings settings(String index) throws IOException {
    IndexSettings settings =
        client.indices().getSettings(r -> r.index(index)).get(index).settings();
    return settings.index() != null ? settings.index() : settings;
  }

  private static Map<String, String> types(Map<String, Property> properties) {
    Map<String, String> types = new LinkedHashMap<>();
    properties.forEach((field, property) -> types.put(field, property._kind().jsonValue()));
    return types;
  }

  private interface Call {
    void run() throws IOException;
  }

  private static void ignoringMissing(Call call) throws IOException {
    try {
      call.run();
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /** A commit request the committer must never signal back: it commits or throws. */
  private record MustSucceed(WriteBatch getCommittable) implements CommitRequest<WriteBatch> {
    @Override
    public int getNumberOfRetries() {
      return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      throw new AssertionError("batch reported failed", t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      throw new AssertionError("batch reported failed", t);
    }

    @Override
    public void retryLater() {
      throw new AssertionError("batch to retry later");
    }

    @Override
    public void updateAndRetryLater(WriteBatch committable) {
      throw new AssertionError("batch to retry later");
    }

    @Override
    public void signalAlreadyCommitted() {
      throw new AssertionError("batch reported committed already");
    }
  }

  /** Records refused documents into {@link #REJECTED}; one per writer, created on the task. */
  private static final class RecordingHandler implements RejectedDocumentHandler {
    @Override
    public void rejected(DocumentWrite write, String errorType, String reason) {
      REJECTED.add(write.id + " " + errorType);
    }
  }
}
