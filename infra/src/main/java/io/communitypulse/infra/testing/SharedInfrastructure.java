package io.communitypulse.infra.testing;

import io.communitypulse.infra.local.PulseInfrastructure;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker and one Elasticsearch node for all integration tests of a test JVM, started on
 * first use and stopped when the test run ends. Which kind (Docker containers or the local real
 * broker and node) is chosen by {@code PULSE_INFRA}, see {@link PulseInfrastructure#start()}.
 *
 * <p>Register it on an {@code *ITCase} class and ask it for addresses; give every test its own
 * topics and indices with {@link #uniqueName(String)}, since all tests share the broker and node:
 *
 * <pre>
 * &#64;ExtendWith(SharedInfrastructure.class)
 * class IndexWriterITCase {
 *
 *   &#64;Test
 *   void writesEveryEventOnce() {
 *     String topic = SharedInfrastructure.uniqueName("events");   // e.g. events-k3x9-7
 *     SharedInfrastructure.createTopic(topic, 3);
 *     String index = SharedInfrastructure.uniqueName("members");
 *     runJob(SharedInfrastructure.kafkaBootstrapServers(), topic,
 *            SharedInfrastructure.elasticsearchUrl(), index);
 *     // assert on what the node holds
 *   }
 * }
 * </pre>
 *
 * <p>The static methods also work without the annotation (the infrastructure is then stopped by a
 * JVM shutdown hook instead of at the end of the JUnit run). If starting fails, every later call
 * fails at once with the same one-line reason instead of trying again.
 */
public final class SharedInfrastructure implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedInfrastructure.class);

  private static final Object LOCK = new Object();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** Distinguishes names of this JVM from those of earlier runs against a long-lived broker. */
  private static final String RUN_TOKEN =
      Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);

  private static PulseInfrastructure instance;
  private static RuntimeException startFailure;
  private static boolean shutdownHookInstalled;

  /** Used by JUnit through {@code @ExtendWith}. */
  public SharedInfrastructure() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    infrastructure();
    // The root store outlives every test class and closes its values when the run ends.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Closer.class, key -> new Closer(), Closer.class);
  }

  /** Bootstrap servers of the shared Kafka broker. */
  public static String kafkaBootstrapServers() {
    return infrastructure().kafkaBootstrapServers();
  }

  /** Base URL of the shared Elasticsearch node, e.g. {@code http://127.0.0.1:40124}. */
  public static String elasticsearchUrl() {
    return infrastructure().elasticsearchUrl();
  }

  /**
   * Creates a topic (replication factor 1) and waits until all its partitions have a leader; an
   * existing topic is left as it is.
   */
  public static void createTopic(String name, int partitions) {
    infrastructure().createTopics(Map.of(name, partitions));
  }

  /**
   * True if the shared broker and node can be stopped and started again (the local ones can, the
   * containers cannot); fault tests that need it are skipped otherwise.
   */
  public static boolean canRestart() {
    return infrastructure().canRestart();
  }

  /**
   * Stops the shared Elasticsearch node, keeping its data, until {@link #startElasticsearchAgain}.
   */
  public static void stopElasticsearch() {
    infrastructure().stopElasticsearch();
  }

  /** Starts the shared node again on the same address and data; returns once it is healthy. */
  public static void startElasticsearchAgain() {
    infrastructure().startElasticsearchAgain();
  }

  /** Stops the shared Kafka broker, keeping its logs, until {@link #startKafkaAgain}. */
  public static void stopKafka() {
    infrastructure().stopKafka();
  }

  /** Starts the shared broker again on the same address and logs; returns once it is ready. */
  public static void startKafkaAgain() {
    infrastructure().startKafkaAgain();
  }

  /**
   * A name no other call in this JVM returns, valid both as a Kafka topic and as an Elasticsearch
   * index: {@code prefix} lowercased with anything but letters, digits, '-' and '_' replaced by
   * '-', then {@code -<run token>-<counter>}.
   */
  public static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    // Index names must not start with '-', '_' or '+'.
    clean = clean.replaceFirst("^[-_]+", "");
    if (clean.isEmpty()) {
      clean = "t";
    }
    if (clean.length() > 100) {
      clean = clean.substring(0, 100);
    }
    return clean + "-" + RUN_TOKEN + "-" + COUNTER.incrementAndGet();
  }

  private static PulseInfrastructure infrastructure() {
    synchronized (LOCK) {
      if (startFailure != null) {
        throw startFailure;
      }
      if (instance == null) {
        try {
          instance = PulseInfrastructure.start();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
        if (!shutdownHookInstalled) {
          shutdownHookInstalled = true;
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(SharedInfrastructure::closeShared, "pulse-shared-infra-shutdown"));
        }
      }
      return instance;
    }
  }

  private static void closeShared() {
    PulseInfrastructure current;
    synchronized (LOCK) {
      current = instance;
      instance = null;
    }
    if (current != null) {
      current.close();
    }
  }

  /** Closes the shared infrastructure when JUnit closes its root store at the end of the run. */
  private static final class Closer implements AutoCloseable {
    @Override
    public void close() {
      closeShared();
    }
  }
}
