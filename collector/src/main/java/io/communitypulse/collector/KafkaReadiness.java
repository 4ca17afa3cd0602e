package io.communitypulse.collector;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka is reachable, as {@code /readyz} and the request path see it: a background thread
 * asks the cluster for the metadata of the collector's topics every interval, and {@link
 * #getAsBoolean()} returns the last answer without any I/O. Checking the topics, not just the
 * cluster, also catches a topic nobody created (the producer would otherwise wait for its metadata
 * on every send).
 */
final class KafkaReadiness implements BooleanSupplier, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

  /** Longest a check waits for Kafka's answer. */
  private static final Duration MAX_CHECK = Duration.ofSeconds(3);

  private final Admin admin;
  private final Collection<String> topics;
  private final Duration timeout;
  private final ScheduledExecutorService timer;
  private volatile boolean reachable;

  private KafkaReadiness(Admin admin, Collection<String> topics, Duration timeout) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.topics = List.copyOf(topics);
    this.timeout = timeout;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "pulse-collector-readiness");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Checks once now (so a started collector knows at once), then every {@code interval}. */
  static KafkaReadiness start(Admin admin, Collection<String> topics, Duration interval) {
    // A check ends before the next is due, and an unreachable broker is noticed within seconds.
    Duration timeout = interval.compareTo(MAX_CHECK) < 0 ? interval : MAX_CHECK;
    KafkaReadiness readiness = new KafkaReadiness(admin, topics, timeout);
    readiness.check();
    readiness.timer.scheduleWithFixedDelay(
        readiness::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return readiness;
  }

  private void check() {
    boolean now;
    try {
      admin
          .describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      now = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      now = false;
      if (reachable) {
        LOG.warn("Kafka is not reachable (or a topic is missing): {}", e.toString());
      }
    }
    if (now && !reachable) {
      LOG.info("Kafka is reachable and topics {} exist", topics);
    }
    reachable = now;
  }

  @Override
  public boolean getAsBoolean() {
    return reachable;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
