package io.communitypulse.runtime;

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
 * The console of {@code ./pulse} drops the checkpoint declines of sources that finish one by one,
 * and nothing else.
 */
class PartialFinishDeclineFilterTest {

  private static final PartialFinishingNotSupportedByStateException PARTIAL_FINISH =
      new PartialFinishingNotSupportedByStateException(
          "The vertex Source: posts-source -> screen-posts has used UnionListState, but part of"
              + " its tasks has called operators' finish method.");

  private final PartialFinishDeclineFilter filter = PartialFinishDeclineFilter.create();

  @Test
  void dropsACheckpointDeclinedBecausePartOfASourceFinished() {
    CheckpointException declined =
        new CheckpointException(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING, PARTIAL_FINISH);
    CheckpointException notFinalized =
        new CheckpointException(
            "Could not finalize the pending checkpoint 2.",
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            declined);

    assertThat(filter.filter(warning(declined))).isEqualTo(Result.DENY);
    assertThat(filter.filter(warning(notFinalized))).isEqualTo(Result.DENY);
  }

  @Test
  void dropsItAlsoWhenATaskManagerSentItSerialized() {
    CheckpointException declined =
        new CheckpointException(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            new SerializedThrowable(PARTIAL_FINISH));

    assertThat(filter.filter(warning(declined))).isEqualTo(Result.DENY);
  }

  @Test
  void keepsEveryOtherCheckpointFailureAndEveryOtherWarning() {
    CheckpointException storageFailed =
        new CheckpointException(
            CheckpointFailureReason.IO_EXCEPTION, new IOException("No space left on device"));

    assertThat(filter.filter(warning(storageFailed))).isEqualTo(Result.NEUTRAL);
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
        .isInstanceOf(PartialFinishDeclineFilter.class);
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
