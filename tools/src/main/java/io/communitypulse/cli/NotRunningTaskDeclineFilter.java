package io.communitypulse.cli;

import java.util.Set;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps off the console of {@code ./pulse} the checkpoints Flink declines because a task is not
 * running. At the end of a bounded run ({@code ./pulse replay}) the sources finish one subtask at a
 * time (and the input screen's union state cannot be checkpointed half finished), so the periodic
 * checkpoints of those seconds are declined: the last data is already committed by then, nothing is
 * lost, yet Flink reports each decline as a WARN with a stack trace or two. Any other checkpoint
 * failure still shows, and a task that fails is reported on its own. {@code
 * pulse-log4j2.properties} attaches this to the console only: the log file keeps the declines.
 */
@Plugin(
    name = "NotRunningTaskDeclineFilter",
    category = Node.CATEGORY,
    elementType = Filter.ELEMENT_TYPE)
public final class NotRunningTaskDeclineFilter extends AbstractFilter {

  private static final Set<CheckpointFailureReason> NOT_RUNNING =
      Set.of(
          CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
          CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY);

  /** Flink's TaskExecutor, asked to checkpoint a task that has just finished and is gone. */
  private static final String FINISHED_AND_GONE = "checkpoint request for unknown task";

  private NotRunningTaskDeclineFilter(Result onMatch, Result onMismatch) {
    super(onMatch, onMismatch);
  }

  /** Drops the declines, leaves everything else to the other filters. */
  public static NotRunningTaskDeclineFilter create() {
    return create(null, null);
  }

  /** What Log4j calls; a configuration may name other results, as for any filter. */
  @PluginFactory
  public static NotRunningTaskDeclineFilter create(
      @PluginAttribute("onMatch") Result onMatch,
      @PluginAttribute("onMismatch") Result onMismatch) {
    return new NotRunningTaskDeclineFilter(
        onMatch == null ? Result.DENY : onMatch, onMismatch == null ? Result.NEUTRAL : onMismatch);
  }

  @Override
  public Result filter(LogEvent event) {
    return declinedForNotRunningTask(event.getThrown()) ? onMatch : onMismatch;
  }

  /** Whether the first checkpoint failure in {@code thrown}'s causes is such a decline. */
  static boolean declinedForNotRunningTask(Throwable thrown) {
    Throwable t = thrown;
    // A bounded walk: a cause chain can loop.
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof CheckpointException failure) {
        CheckpointFailureReason reason = failure.getCheckpointFailureReason();
        return NOT_RUNNING.contains(reason)
            || (reason == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE
                && String.valueOf(failure.getMessage()).contains(FINISHED_AND_GONE));
      }
    }
    return false;
  }
}
