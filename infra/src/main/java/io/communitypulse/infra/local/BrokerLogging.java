package io.communitypulse.infra.local;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Turns the in-JVM broker's loggers down to WARN, because at INFO a starting broker writes hundreds
 * of lines into the output of every test and of {@code ./pulse demo}. Only loggers the application
 * has configured neither themselves nor through a parent package are touched, and only when Log4j 2
 * is the logging backend (log4j-core is an optional dependency; without it this does nothing).
 */
final class BrokerLogging {

  /**
   * Broker-side packages, and org.apache.kafka.common whose config dumps and version banners the
   * broker prints for itself and each of its internal clients; org.apache.kafka.clients is left.
   */
  private static final List<String> BROKER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.common",
          "org.apache.kafka.controller",
          "org.apache.kafka.coordinator",
          "org.apache.kafka.image",
          "org.apache.kafka.metadata",
          "org.apache.kafka.queue",
          "org.apache.kafka.raft",
          "org.apache.kafka.server",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.storage");

  private BrokerLogging() {}

  static void quietUnlessConfigured() {
    try {
      Log4jQuieter.apply();
    } catch (LinkageError | ClassCastException e) {
      // Not running on Log4j 2 (or only its API): leave logging to whatever backend is there.
    }
  }

  /** Separate class so the Log4j types are only resolved when the call above reaches it. */
  private static final class Log4jQuieter {
    static void apply() {
      if (!(LogManager.getContext(false) instanceof LoggerContext)) {
        return;
      }
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      Configuration configuration = context.getConfiguration();
      // kafka-test-common-runtime ships a log4j2.yaml (everything at INFO) that Log4j picks up when
      // the application has no configuration of its own: that is not a choice to respect.
      String source = String.valueOf(configuration.getConfigurationSource().getLocation());
      boolean kitDefaults = source.contains("kafka-test-common-runtime");
      for (String name : BROKER_LOGGERS) {
        // The nearest configured logger is the root one: nobody chose a level for this package.
        boolean inheritsRoot = configuration.getLoggerConfig(name).getName().isEmpty();
        if (inheritsRoot || kitDefaults) {
          Configurator.setLevel(name, Level.WARN);
        }
      }
    }
  }
}
