package io.communitypulse.privacy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event of this JVM while open, at INFO and above for every logger (including
 * Kafka's client config dumps and Flink's, which the test configuration normally silences): each
 * formatted message with its logger, thread context and stack trace, so a test can search the whole
 * text for what must never be logged. Closing restores the levels.
 */
public final class CapturedLogs implements AutoCloseable {

  private static final String NAME = "captured-logs";

  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Map<LoggerConfig, Level> previousLevels = new HashMap<>();
  private final AbstractAppender appender;
  private final LoggerContext context;

  private CapturedLogs() {
    context = (LoggerContext) LogManager.getContext(false);
    appender =
        new AbstractAppender(NAME, null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line =
                new StringBuilder(event.getLevel().name())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(' ')
                    .append(event.getMessage().getFormattedMessage())
                    .append(' ')
                    .append(event.getContextData());
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            lines.add(line.toString());
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    config.addAppender(appender);
    List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
    loggers.add(config.getRootLogger());
    for (LoggerConfig logger : loggers) {
      previousLevels.put(logger, logger.getLevel());
      if (logger.getLevel().isMoreSpecificThan(Level.WARN)) { // WARN, ERROR, FATAL, OFF
        logger.setLevel(Level.INFO);
      }
      logger.addAppender(appender, Level.ALL, null);
    }
    context.updateLoggers();
  }

  /** Starts capturing. */
  public static CapturedLogs start() {
    return new CapturedLogs();
  }

  /** Everything captured so far, one event per line (stack traces span lines). */
  public String text() {
    return String.join("\n", lines);
  }

  /** How many events were captured. */
  public int size() {
    return lines.size();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    previousLevels.forEach(
        (logger, level) -> {
          logger.removeAppender(NAME);
          logger.setLevel(level);
        });
    config.getAppenders().remove(NAME);
    context.updateLoggers();
    appender.stop();
  }
}
