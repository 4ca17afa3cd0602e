package io.communitypulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.checkpoint.FinishedTaskStateProvider.PartialFinishingNotSupportedByStateException;
import org.apache.flink.util.SerializedThrowable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The console of {@code ./pulse} drops the checkpoints declined by tasks that are finishing or not
 * yet running, as Flink reports them at the end of a bounded run, and nothing else.
 */
class NotRunningTaskDeclineFilterTest {

  private final NotRunningTaskDeclineFilter filter = NotRunningTaskDeclineFilter.create();

  @Test
  void dropsCheckpointsDeclinedByATaskThatIsClosing() {
    // As the JobManager reports it: the task's own exception arrives serialized.
    CheckpointException declined =
        new CheckpointException(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            new SerializedThrowable(
                new CheckpointException(
                    "Task name with subtask : Source: clicks-source (1/2)#0",
                    CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING)));

    assertThat(filter.filter(warning(declined))).isEqualTo(Result.DENY);
  }

  @Test
  void dropsCheckpointsThatCannotCoverAHalfFinishedSourceWithUnionState() {
    CheckpointException declined =
        new CheckpointException(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            new PartialFinishingNotSupportedByStateException(
                "The vertex Source: posts-source -> screen-posts has used UnionListState, but"
                    + " part of its tasks has called operators' finish method."));
    Exception notFinalized =
        new IllegalStateException(
            "Error while processing AcknowledgeCheckpoint message",
            new CheckpointException(
                "Could not finalize the pending checkpoint 2.",
                CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
                declined));

    assertThat(filter.filter(warning(declined))).isEqualTo(Result.DENY);
    assertThat(filter.filter(warning(notFinalized))).isEqualTo(Result.DENY);
  }

  @Test
  void dropsCheckpointsOfTasksNotReadyOrAlreadyGone() {
    CheckpointException notReady =
        new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY);
    CheckpointException gone =
        new CheckpointException(
            "TaskManager received a checkpoint request for unknown task 7d46_eb03_1_0.",
            CheckpointFailureReason.TASK_CHECKPOINT_FAILURE);

    assertThat(filter.filter(warning(notReady))).isEqualTo(Result.DENY);
    assertThat(filter.filter(warning(gone))).isEqualTo(Result.DENY);
  }

  @Test
  void keepsEveryOtherCheckpointFailureAndEveryOtherWarning() {
    CheckpointException storageFailed =
        new CheckpointException(
            CheckpointFailureReason.IO_EXCEPTION, new IOException("No space left on device"));
    CheckpointException snapshotFailed =
        new CheckpointException(
            "Asynchronous task checkpoint failed.",
            CheckpointFailureReason.TASK_CHECKPOINT_FAILURE,
            new IOException("Could not write the state"));
    CheckpointException expired =
        new CheckpointException(CheckpointFailureReason.CHECKPOINT_EXPIRED);

    assertThat(filter.filter(warning(storageFailed))).isEqualTo(Result.NEUTRAL);
    assertThat(filter.filter(warning(snapshotFailed))).isEqualTo(Result.NEUTRAL);
    assertThat(filter.filter(warning(expired))).isEqualTo(Result.NEUTRAL);
    assertThat(filter.filter(warning(new IOException("closing")))).isEqualTo(Result.NEUTRAL);
    assertThat(filter.filter(warning(null))).isEqualTo(Result.NEUTRAL);
  }

  @Test
  void pulseLoggingPutsItOnTheConsoleOnly() throws IOException {
    ConfigurationSource source =
        ConfigurationSource.fromResource("pulse-log4j2.properties", getClass().getClassLoader());
    Configuration config =
        new PropertiesConfigurationFactory()
            .getConfiguration(new LoggerContext("pulse-log4j2-properties-test"), source);
    config.initialize();

    assertThat(((AbstractFilterable) config.getAppender("console")).getFilter())
        .isInstanceOf(NotRunningTaskDeclineFilter.class);
    assertThat(((AbstractFilterable) config.getAppender("file")).getFilter()).isNull();
  }

  private static LogEvent warning(Throwable thrown) {
    return Log4jLogEvent.newBuilder()
        .setLoggerName("org.apache.flink.runtime.checkpoint.CheckpointFailureManager")
        .setLevel(Level.WARN)
        .setMessage(new SimpleMessage("Failed to trigger or complete checkpoint 2"))
        .setThrown(thrown)
        .build();
  }
}
