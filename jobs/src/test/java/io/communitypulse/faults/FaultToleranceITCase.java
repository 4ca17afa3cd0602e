package io.communitypulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.sink.Aliases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engagement job on real Kafka and Elasticsearch, disturbed by one fault per case, must leave
 * exactly the documents an undisturbed run of the same input leaves: none missing, none extra, none
 * with another {@code _source}. No field is exempt: every document field is a function of the
 * events (times are event times, the as-of day is the input's last day); only the external {@code
 * _version} follows the wall clock, and it is not part of the source.
 */
@ExtendWith(SharedInfrastructure.class)
class FaultToleranceITCase {

  private static final Logger LOG = LoggerFactory.getLogger(FaultToleranceITCase.class);

  /** Slow enough that the input spans several checkpoints, fast enough for a short case. */
  private static final Duration PACE = Duration.ofMillis(1);

  /** Slower still, so the input outlasts a graceful stop of Elasticsearch. */
  private static final Duration SLOW_PACE = Duration.ofMillis(10);

  private static final Duration SAVEPOINT_PACE = Duration.ofMillis(25);

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(clusterConfiguration())
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static FaultInput input;
  private static ElasticsearchSnapshot undisturbed;

  private static Configuration clusterConfiguration() {
    Configuration conf = new Configuration();
    // Spread the subtasks over both task managers, so losing one always hits the job.
    conf.set(
        TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE,
        TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
    return conf;
  }

  @BeforeAll
  static void undisturbedRun() throws Exception {
    input = FaultInput.produce("faults", FaultInput.smallCommunities());
    long began = System.nanoTime();
    undisturbed = UndisturbedRun.of(input);
    LOG.info(
        "undisturbed run of {}: {} sessions, {} members, {} community days in {} ms",
        input,
        undisturbed.size(Aliases.SESSIONS),
        undisturbed.size(Aliases.MEMBERS),
        undisturbed.size(Aliases.COMMUNITIES),
        (System.nanoTime() - began) / 1_000_000);
    assertThat(undisturbed.size(Aliases.SESSIONS)).isGreaterThan(100);
    assertThat(undisturbed.size(Aliases.MEMBERS)).isGreaterThan(10);
    assertThat(undisturbed.size(Aliases.COMMUNITIES)).isGreaterThan(3);
  }

  @AfterEach
  void cancelWhatIsLeft() {
    FaultRun.cancelAll();
  }

  @Test
  void anOperatorFailingAfterACheckpointRestartsFromItAndChangesNoDocument() throws Exception {
    FaultRun run = FaultRun.of(input);
    run.probe.pacing(PACE).failOnceAfterCheckpoint(300);

    run.runToEnd();

    assertThat(run.probe.injectedFailure()).as("the operator failed").isTrue();
    assertThat(run.probe.opens()).as("the job was restarted").isGreaterThan(4);
    assertSameDocuments(run);
  }

  @Test
  void aTaskManagerLostAfterACheckpointIsRecoveredFromAndChangesNoDocument(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    FaultRun run = FaultRun.of(input);
    run.probe.pacing(PACE);
    run.start();
    FaultProbe.await(
        "a checkpoint and more input after it",
        FaultRun.TIMEOUT,
        () -> run.probe.recordsPastFirstCheckpoint() >= 300);
    cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
    try {
      run.awaitEnd();
    } finally {
      cluster.startTaskManager();
    }

    assertThat(run.probe.opens()).as("the job was restarted").isGreaterThan(4);
    assertSameDocuments(run);
  }

  @Test
  void aFailedAsynchronousCheckpointPhaseRestartsTheJobAndChangesNoDocument() throws Exception {
    FaultRun run =
        FaultRun.of(input)
            .flink(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                FailingCheckpointStorage.Factory.class.getName());
    run.probe.pacing(PACE);
    FailingCheckpointStorage.arm();

    run.runToEnd();

    assertThat(FailingCheckpointStorage.FAILED_IN_THREAD.get())
        .as("a checkpoint failed in its asynchronous phase")
        .startsWith("AsyncOperations");
    assertThat(run.probe.opens()).as("the job was restarted").isGreaterThan(4);
    assertSameDocuments(run);
  }

  @Test
  void stoppedWithASavepointAndResumedAtParallelismOneOrFourChangesNoDocument(@TempDir Path dir)
      throws Exception {
    FaultRun first = FaultRun.of(input);
    // Slow and early: the savepoint must come before any source subtask runs out of records. A
    // finished source finishes the screen chained to it, whose union list state then declines
    // every checkpoint until the whole job has finished (the posts partitions are short).
    first.probe.pacing(SAVEPOINT_PACE);
    first.start();
    FaultProbe.await("part of the input", FaultRun.TIMEOUT, () -> first.probe.records.get() >= 40);
    String savepoint =
        first
            .client()
            .stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    long readBeforeSavepoint = first.probe.records.get();
    LOG.info("savepoint {} after {} of {} records", savepoint, readBeforeSavepoint, input.records);
    assertThat(readBeforeSavepoint).as("stopped in the middle").isLessThan(input.records);
    ElasticsearchSnapshot atSavepoint = first.snapshot();

    for (int parallelism : new int[] {1, 4}) {
      FaultRun resumed = FaultRun.of(input).parallelism(parallelism).restoringFrom(savepoint);
      atSavepoint.copyTo(SharedInfrastructure.elasticsearchUrl(), resumed.indexPrefix);
      // Finishes by itself: the bounded source finishes after a restore too.
      resumed.runToEnd();
      assertThat(resumed.probe.records.get())
          .as("resumed at parallelism %d where the savepoint was taken", parallelism)
          .isEqualTo(input.records - readBeforeSavepoint);
      assertSameDocuments(resumed);
    }
  }

  @Test
  void elasticsearchAnsweringTooManyRequestsForAWhileChangesNoDocument() throws Exception {
    try (FailingBulkProxy proxy =
        FailingBulkProxy.start(SharedInfrastructure.elasticsearchUrl(), Duration.ofSeconds(15))) {
      FaultRun run = FaultRun.of(input).elasticsearchAt(proxy.url());
      run.probe.pacing(PACE);

      run.runToEnd();

      LOG.info(
          "{} bulk requests answered 429, {} forwarded", proxy.rejected(), proxy.forwardedBulks());
      assertThat(proxy.rejected()).as("bulk requests refused").isGreaterThan(1);
      assertThat(proxy.forwardedBulks()).as("bulk requests after the refusals").isPositive();
      assertSameDocuments(run);
    }
  }

  @Test
  void elasticsearchStoppedForHalfAMinuteAndRestartedChangesNoDocument() throws Exception {
    assumeTrue(SharedInfrastructure.canRestart(), "the shared Elasticsearch cannot be restarted");
    FaultRun run = FaultRun.of(input);
    run.probe.pacing(SLOW_PACE);
    run.start();
    FaultProbe.await(
        "a checkpoint and more input after it",
        FaultRun.TIMEOUT,
        () -> run.probe.recordsPastFirstCheckpoint() >= 50);

    SharedInfrastructure.stopElasticsearch();
    try {
      Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
    } finally {
      SharedInfrastructure.startElasticsearchAgain();
    }
    // Its last writes need Elasticsearch: still running means it waited for the node.
    JobStatus whenBack = run.client().getJobStatus().get(1, TimeUnit.MINUTES);
    run.awaitEnd();

    assertThat(whenBack).as("the job waited for Elasticsearch").isEqualTo(JobStatus.RUNNING);
    assertSameDocuments(run);
  }

  /**
   * The consumer fetches a small input in one go, so the broker goes down while part of the input
   * is not even produced yet (the range already includes it): the job must read it from the
   * restarted broker. Same events as the undisturbed run, so the same documents.
   */
  @Test
  void kafkaStoppedForHalfAMinuteAndRestartedChangesNoDocument() throws Exception {
    assumeTrue(SharedInfrastructure.canRestart(), "the shared Kafka broker cannot be restarted");
    FaultInput partly =
        FaultInput.produceInPart("faults-kafka", FaultInput.smallCommunities(), 0.6);
    FaultRun run = FaultRun.of(partly);
    run.probe.pacing(PACE);
    run.start();
    FaultProbe.await(
        "a checkpoint and more input after it",
        FaultRun.TIMEOUT,
        () -> run.probe.recordsPastFirstCheckpoint() >= 300);

    SharedInfrastructure.stopKafka();
    try {
      Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
    } finally {
      SharedInfrastructure.startKafkaAgain();
    }
    long readBeforeTheRest = run.probe.records.get();
    partly.produceRest();
    run.awaitEnd();

    LOG.info(
        "{} of {} records read before the rest was produced", readBeforeTheRest, partly.records);
    assertThat(readBeforeTheRest).isLessThan(partly.records);
    assertThat(run.probe.records.get())
        .as("every record read")
        .isGreaterThanOrEqualTo(partly.records);
    assertSameDocuments(run);
  }

  private static void assertSameDocuments(FaultRun run) throws Exception {
    ElasticsearchSnapshot after = run.snapshot();
    assertThat(after.differencesFrom(undisturbed))
        .as("documents that differ from an undisturbed run")
        .isEmpty();
  }
}
