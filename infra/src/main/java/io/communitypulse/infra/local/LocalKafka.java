package io.communitypulse.infra.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode inside this JVM: one node that is both broker and controller,
 * started with Kafka's own cluster test kit on a free loopback port, with the released (production)
 * feature levels of this Kafka version. Its log folder is temporary and deleted on {@link
 * #close()}.
 *
 * <pre>{@code
 * try (LocalKafka kafka = new LocalKafka().start()) {
 *   kafka.createTopics(Map.of("events", 3));
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>{@link #withSaslPlain(Map)} makes a broker whose client listener only accepts SASL_PLAINTEXT
 * with the PLAIN mechanism and the given users (authentication only, no ACLs), for tests of the
 * job's Kafka security settings. The default broker is PLAINTEXT.
 */
public final class LocalKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

  /** The user {@link #clientProperties()} authenticates as on a SASL broker. */
  public static final String ADMIN = "pulse-admin";

  /** The broker listener of Kafka's test kit, whose JAAS settings a SASL broker sets. */
  private static final String LISTENER = "external";

  private static final String PLAIN_LOGIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  private final AtomicBoolean started = new AtomicBoolean();
  private final Map<String, String> saslUsers;
  private final String adminPassword;
  private volatile KafkaClusterTestKit cluster;
  private volatile String bootstrapServers;

  /** A PLAINTEXT broker. */
  public LocalKafka() {
    this(null);
  }

  private LocalKafka(Map<String, String> saslUsers) {
    this.saslUsers = saslUsers == null ? null : Map.copyOf(saslUsers);
    this.adminPassword = "admin-" + UUID.randomUUID();
  }

  /**
   * A broker that accepts only SASL_PLAINTEXT clients authenticated with PLAIN as one of {@code
   * users} (user name to password). Every authenticated user may do everything.
   */
  public static LocalKafka withSaslPlain(Map<String, String> users) {
    if (users.isEmpty() || users.containsKey(ADMIN)) {
      throw new IllegalArgumentException("SASL users must be given and must not include " + ADMIN);
    }
    return new LocalKafka(users);
  }

  /**
   * Starts the broker and returns once it is registered and unfenced.
   *
   * @return this
   * @throws InfraStartupException with a one-line reason if it cannot start
   */
  public LocalKafka start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("LocalKafka can be started only once");
    }
    long begin = System.nanoTime();
    BrokerLogging.quietUnlessConfigured();
    KafkaClusterTestKit kit = null;
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder(productionBootstrapMetadata())
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (saslUsers != null) {
        nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
      }
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
      brokerConfig().forEach(builder::setConfigProp);
      if (saslUsers != null) {
        saslConfig(saslUsers, adminPassword).forEach(builder::setConfigProp);
      }
      kit = builder.build();
      formatQuietly(kit);
      kit.startup();
      kit.waitForReadyBrokers();
      cluster = kit;
      bootstrapServers = kit.bootstrapServers();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(kit);
      throw InfraStartupException.kafkaFailed(e);
    }
    LOG.info(
        "Kafka {} broker is up at {} after {} ms",
        Versions.KAFKA,
        bootstrapServers,
        (System.nanoTime() - begin) / 1_000_000);
    return this;
  }

  /**
   * Kafka's storage formatter prints two lines ("Bootstrap metadata: …", "Formatting metadata
   * directory …") straight to {@code System.out}, and the test kit gives it no stream of its own.
   * They say nothing a user of {@code ./pulse} needs (and {@code ./pulse replay} promises its
   * result alone on stdout), so they go to the debug log instead.
   */
  private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
    ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    synchronized (LocalKafka.class) {
      System.setOut(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8));
      try {
        kit.format();
      } finally {
        System.setOut(stdout);
        LOG.debug("Kafka storage formatter: {}", formatterOutput.toString(StandardCharsets.UTF_8));
      }
    }
  }

  /** The bootstrap servers of the broker, {@code localhost:<port>}. */
  public String bootstrapServers() {
    String servers = bootstrapServers;
    if (servers == null) {
      throw new IllegalStateException("LocalKafka is not started");
    }
    return servers;
  }

  /**
   * Creates the topics (replication factor 1) and waits until each partition has a leader. Topics
   * that already exist are left unchanged.
   */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    KafkaTopics.create(clientProperties(), partitionsByTopic);
  }

  /**
   * Settings for a client of this broker: the bootstrap servers and, on a SASL broker, the
   * credentials of the {@link #ADMIN} user.
   */
  public Map<String, String> clientProperties() {
    Map<String, String> props = new TreeMap<>();
    props.put("bootstrap.servers", bootstrapServers());
    if (saslUsers != null) {
      props.put("security.protocol", "SASL_PLAINTEXT");
      props.put("sasl.mechanism", "PLAIN");
      props.put(
          "sasl.jaas.config",
          PLAIN_LOGIN_MODULE
              + " required username=\""
              + ADMIN
              + "\" password=\""
              + adminPassword
              + "\";");
    }
    return props;
  }

  /**
   * Shuts the broker down but keeps its log folder, port and the controller, so that {@link
   * #startBrokerAgain()} brings the same broker back: an outage as clients see it, for fault tests.
   */
  public void stopBroker() {
    BrokerServer broker = broker();
    broker.shutdown();
    broker.awaitShutdown();
    LOG.info("Kafka broker at {} stopped; its logs are kept", bootstrapServers);
  }

  /** Starts a broker stopped by {@link #stopBroker()} again and waits until it is unfenced. */
  public void startBrokerAgain() {
    long begin = System.nanoTime();
    try {
      broker().startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw InfraStartupException.kafkaFailed(e);
    }
    LOG.info(
        "Kafka broker is up again at {} after {} ms",
        bootstrapServers,
        (System.nanoTime() - begin) / 1_000_000);
  }

  private BrokerServer broker() {
    KafkaClusterTestKit kit = cluster;
    if (kit == null) {
      throw new IllegalStateException("LocalKafka is not started");
    }
    return kit.brokers().values().iterator().next();
  }

  /** Stops the broker and deletes its log folder. Idempotent. */
  @Override
  public void close() {
    KafkaClusterTestKit kit = cluster;
    cluster = null;
    closeQuietly(kit);
  }

  /**
   * Settings of a single-node broker: internal topics with one replica and few partitions (50
   * partitions of __consumer_offsets cost seconds on the first consumer group), no rebalance delay,
   * hour-long transactions for exactly-once sinks, and no unreleased protocol versions.
   */
  static Map<String, Object> brokerConfig() {
    Map<String, Object> config = new TreeMap<>();
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "4");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "4");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("transaction.max.timeout.ms", "3600000");
    config.put("unstable.api.versions.enable", "false");
    config.put("unstable.feature.versions.enable", "false");
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "4");
    return config;
  }

  /**
   * SASL/PLAIN on the broker listener: the users as {@code user_<name>} entries of the listener's
   * JAAS settings (which the broker also logs in with, as {@link #ADMIN}, for inter-broker calls),
   * and no authorizer, so the test kit's ACL defaults do not lock the users out. The settings are
   * per listener and take precedence over the JVM-wide JAAS file the test kit itself writes (with
   * its own default users) for any PLAIN broker.
   */
  static Map<String, Object> saslConfig(Map<String, String> users, String adminPassword) {
    StringBuilder jaas =
        new StringBuilder(PLAIN_LOGIN_MODULE)
            .append(" required username=\"")
            .append(ADMIN)
            .append("\" password=\"")
            .append(adminPassword)
            .append("\" user_")
            .append(ADMIN)
            .append("=\"")
            .append(adminPassword)
            .append('"');
    users.forEach(
        (user, password) ->
            jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    jaas.append(';');
    Map<String, Object> config = new TreeMap<>();
    config.put("sasl.enabled.mechanisms", "PLAIN");
    config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    config.put("listener.name." + LISTENER + ".plain.sasl.jaas.config", jaas.toString());
    config.put("authorizer.class.name", "");
    return config;
  }

  /** The kit defaults to the newest, still unstable metadata version; a real broker would not. */
  private static BootstrapMetadata productionBootstrapMetadata() {
    MetadataVersion version = MetadataVersion.LATEST_PRODUCTION;
    Map<String, Short> features = new TreeMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(version));
    }
    return BootstrapMetadata.fromVersions(version, features, "pulse-local");
  }

  private static void closeQuietly(KafkaClusterTestKit kit) {
    if (kit == null) {
      return;
    }
    try {
      kit.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("Kafka broker did not shut down cleanly: {}", e.toString());
    }
  }
}
