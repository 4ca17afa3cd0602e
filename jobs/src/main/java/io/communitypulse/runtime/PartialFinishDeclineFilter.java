package io.communitypulse.runtime;

import org.apache.flink.runtime.checkpoint.FinishedTaskStateProvider.PartialFinishingNotSupportedByStateException;
import org.apache.flink.util.SerializedThrowable;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps one expected report of a bounded run ({@code ./pulse replay}) off the console: a checkpoint
 * declined because some subtasks of an operator with union list state (the input screen behind each
 * source) have finished and others have not, which Flink cannot checkpoint. Sources finish one
 * subtask at a time, so Flink declines the checkpoints of that moment and completes the next one
 * once the rest have finished; nothing is lost, yet each decline arrives as two WARNs with stack
 * traces. Every other checkpoint failure still shows; {@code pulse-log4j2.properties} attaches this
 * to the console only, so the log file keeps the declines.
 */
@Plugin(
    name = "PartialFinishDeclineFilter",
    category = Node.CATEGORY,
    elementType = Filter.ELEMENT_TYPE)
public final class PartialFinishDeclineFilter extends AbstractFilter {

  private static final String PARTIAL_FINISH =
      PartialFinishingNotSupportedByStateException.class.getName();

  private PartialFinishDeclineFilter(Result onMatch, Result onMismatch) {
    super(onMatch, onMismatch);
  }

  /** Drops the declines, leaves everything else to the other filters. */
  public static PartialFinishDeclineFilter create() {
    return create(null, null);
  }

  /** What Log4j calls; a configuration may name other results, as for any filter. */
  @PluginFactory
  public static PartialFinishDeclineFilter create(
      @PluginAttribute("onMatch") Result onMatch,
      @PluginAttribute("onMismatch") Result onMismatch) {
    return new PartialFinishDeclineFilter(
        onMatch == null ? Result.DENY : onMatch, onMismatch == null ? Result.NEUTRAL : onMismatch);
  }

  @Override
  public Result filter(LogEvent event) {
    return declinedForPartialFinish(event.getThrown()) ? onMatch : onMismatch;
  }

  /** Whether {@code thrown} was caused, at any depth, by Flink's partial-finish refusal. */
  static boolean declinedForPartialFinish(Throwable thrown) {
    Throwable t = thrown;
    // A bounded walk: a cause chain can loop.
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      // Failures reported by a TaskManager arrive as SerializedThrowable, named after the original.
      String name =
          t instanceof SerializedThrowable serialized
              ? serialized.getOriginalErrorClassName()
              : t.getClass().getName();
      if (PARTIAL_FINISH.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
