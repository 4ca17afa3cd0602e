package io.communitypulse.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch server, run from Elastic's test distribution zip as a child
 * process on a loopback port, for tests and {@code ./pulse} on machines without Docker.
 *
 * <p>{@link #start()} finds the zip in the local Maven repository (or {@code
 * PULSE_ES_DISTRIBUTION}), unpacks it once into {@code ${java.io.tmpdir}/community-pulse}, finds a
 * JDK 21+ for the server ({@code PULSE_ES_JAVA_HOME}, {@code JAVA_HOME}, the system JVM folder),
 * starts the node with fresh data and log folders (as {@code nobody} when this JVM is root) and
 * waits until the cluster is at least yellow. {@link #close()} stops the node and everything it
 * forked and deletes its folder; a shutdown hook does the same if the JVM exits first, and the next
 * start stops nodes left behind by a JVM that was killed outright.
 *
 * <pre>{@code
 * try (LocalElasticsearch es = new LocalElasticsearch().start()) {
 *   String url = es.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>{@link #secured()} makes a node with security on (X-Pack security, HTTP without TLS on the
 * loopback interface): a superuser is created in the file realm before the start, every request
 * needs credentials, and {@link #createApiKey(String)} hands out API keys. The default node has
 * security off.
 */
public final class LocalElasticsearch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalElasticsearch.class);

  /** How long the node may take to answer a yellow cluster health. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  static final String CLUSTER_NAME = "pulse-local";

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * A small fixed heap; no pre-touching of it (the stock options touch every page at startup); and
   * only the C1 compiler, whose cheaper compilations start the node 6-8 s sooner on a 2-core
   * machine, while the slower code does not matter for test-sized data. {@code PULSE_ES_JAVA_OPTS}
   * replaces these.
   */
  static final String DEFAULT_JAVA_OPTS =
      "-Xms512m -Xmx512m -XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1";

  private static final int START_ATTEMPTS = 3;
  private static final Pattern BIND_FAILURE =
      Pattern.compile("BindException|Address already in use|BindTransportException");
  private static final Pattern NOTABLE_LINE =
      Pattern.compile("(?i)error|exception|fatal|could not|cannot|refus");

  /** Nodes not yet closed; the shutdown hook stops them if the JVM exits first. */
  private static final Set<LocalElasticsearch> RUNNING = ConcurrentHashMap.newKeySet();

  private static final AtomicBoolean SHUTDOWN_HOOK_INSTALLED = new AtomicBoolean();

  /** The superuser of a {@link #secured()} node. */
  public static final String SUPERUSER = "pulse-admin";

  private final int requestedHttpPort;
  private final boolean secured;
  private final String superuserPassword = "pw-" + java.util.UUID.randomUUID();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Object lifecycle = new Object();

  private volatile Process process;
  private volatile ElasticsearchRun run;
  private volatile boolean closed;
  private volatile int httpPort;
  private volatile int transportPort;
  private volatile Path home;
  private volatile Path javaHome;
  private volatile Optional<NodeUser> user = Optional.empty();

  /** A node on a free port. */
  public LocalElasticsearch() {
    this(0);
  }

  /**
   * A node on the given HTTP port of 127.0.0.1.
   *
   * @param httpPort the port, or 0 for a free one
   */
  public LocalElasticsearch(int httpPort) {
    this(httpPort, false);
  }

  private LocalElasticsearch(int httpPort, boolean secured) {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be 0..65535, was " + httpPort);
    }
    this.requestedHttpPort = httpPort;
    this.secured = secured;
  }

  /** A node on a free port with security on; see the class comment. */
  public static LocalElasticsearch secured() {
    return new LocalElasticsearch(0, true);
  }

  /** The {@code Authorization} header value of the superuser of a {@link #secured()} node. */
  public String superuserAuthorization() {
    if (!secured) {
      throw new IllegalStateException("this node has security off");
    }
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((SUPERUSER + ":" + superuserPassword).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates an API key with the superuser's privileges on a {@link #secured()} node ({@code POST
   * /_security/api_key}) and returns it encoded, as clients send it.
   */
  public String createApiKey(String name) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + "/_security/api_key"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", superuserAuthorization())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "could not create API key "
                + name
                + ": HTTP "
                + response.statusCode()
                + " "
                + response.body().substring(0, Math.min(500, response.body().length())));
      }
      return new ObjectMapper().readTree(response.body()).path("encoded").asText();
    } catch (IOException e) {
      throw new IllegalStateException("could not create API key " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating an API key", e);
    }
  }

  /**
   * Starts the node and returns once it answers a yellow cluster health.
   *
   * @return this
   * @throws InfraStartupException with a one-line reason if it cannot be started
   */
  public LocalElasticsearch start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("LocalElasticsearch can be started only once");
    }
    long begin = System.nanoTime();
    String version = Versions.ELASTICSEARCH_SERVER;
    Path javaHome = JdkLocator.forThisMachine().locate();
    Path cacheRoot = ElasticsearchDistribution.cacheRoot();
    Path home =
        ElasticsearchDistribution.unpack(
            ElasticsearchDistribution.locateZip(version), cacheRoot, version);
    Path runsRoot = cacheRoot.resolve("runs");
    ElasticsearchRun.reapOrphans(runsRoot);
    Optional<NodeUser> user = NodeUser.forThisProcess();
    installShutdownHook();

    for (int attempt = 1; ; attempt++) {
      int http = requestedHttpPort > 0 ? requestedHttpPort : freePort();
      if (requestedHttpPort > 0 && !isFree(requestedHttpPort)) {
        throw InfraStartupException.portBusy("Elasticsearch HTTP", requestedHttpPort);
      }
      int transport = freePort();
      this.home = home;
      this.javaHome = javaHome;
      this.user = user;
      this.transportPort = transport;
      Outcome outcome = launchAndWait(home, javaHome, runsRoot, user, http, transport, null);
      if (outcome == Outcome.HEALTHY) {
        LOG.info(
            "Elasticsearch {} is up at {} after {} ms (Java {}, folder {})",
            version,
            url(),
            (System.nanoTime() - begin) / 1_000_000,
            javaHome,
            run.dir());
        return this;
      }
      // Outcome.PORT_TAKEN: a free port we picked was taken before the node bound it.
      if (requestedHttpPort > 0 || attempt >= START_ATTEMPTS) {
        throw InfraStartupException.portBusy("Elasticsearch HTTP or transport", http);
      }
      LOG.info("Elasticsearch could not bind port {} or {}; retrying on others", http, transport);
    }
  }

  /** The base URL of the node's REST API, {@code http://127.0.0.1:<port>}. */
  public String url() {
    if (httpPort == 0) {
      throw new IllegalStateException("LocalElasticsearch is not started");
    }
    return "http://127.0.0.1:" + httpPort;
  }

  /** The HTTP port of the node. */
  public int httpPort() {
    return httpPort;
  }

  /** The folder of the node's logs (deleted by {@link #close()}). */
  public Path logDirectory() {
    ElasticsearchRun current = run;
    if (current == null) {
      throw new IllegalStateException("LocalElasticsearch is not started");
    }
    return current.logs();
  }

  /**
   * Stops the node (gracefully) but keeps its data, folder and ports, so that {@link #startAgain()}
   * brings the same node back: an outage as clients see it, for fault tests.
   */
  public void stopKeepingData() {
    synchronized (lifecycle) {
      if (closed || process == null) {
        throw new IllegalStateException("LocalElasticsearch is not running");
      }
      stopProcess();
      process = null;
    }
    LOG.info("Elasticsearch at {} stopped; its data is kept", url());
  }

  /**
   * Starts a node stopped by {@link #stopKeepingData()} again on the same ports and data, and
   * returns once it answers a yellow cluster health.
   */
  public void startAgain() {
    ElasticsearchRun current = run;
    if (closed || current == null || process != null) {
      throw new IllegalStateException("LocalElasticsearch is not stopped");
    }
    long begin = System.nanoTime();
    Outcome outcome = launchAndWait(home, javaHome, null, user, httpPort, transportPort, current);
    if (outcome != Outcome.HEALTHY) {
      throw InfraStartupException.portBusy("Elasticsearch HTTP or transport", httpPort);
    }
    LOG.info(
        "Elasticsearch is up again at {} after {} ms",
        url(),
        (System.nanoTime() - begin) / 1_000_000);
  }

  /**
   * Stops the node and every process it forked (gracefully, then forcibly after 30 s) and deletes
   * its data and logs. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      stopProcess();
      RUNNING.remove(this);
      ElasticsearchRun current = run;
      if (current != null) {
        current.delete();
      }
    }
  }

  private enum Outcome {
    HEALTHY,
    PORT_TAKEN
  }

  private Outcome launchAndWait(
      Path home,
      Path javaHome,
      Path runsRoot,
      Optional<NodeUser> user,
      int http,
      int transport,
      ElasticsearchRun previous) {
    ElasticsearchRun newRun;
    if (previous != null) {
      newRun = previous;
    } else {
      try {
        newRun = ElasticsearchRun.create(runsRoot, home, user.map(NodeUser::principal));
      } catch (IOException e) {
        throw new InfraStartupException(
            "Could not prepare a folder for Elasticsearch under " + runsRoot + ": " + e, e);
      }
    }
    if (secured) {
      addSuperuser(home, javaHome, newRun, user);
    }
    List<String> command = new ArrayList<>();
    user.ifPresent(u -> command.addAll(u.commandPrefix(newRun.dir())));
    command.add(home.resolve("bin").resolve("elasticsearch").toString());
    command.addAll(settings(newRun, http, transport, secured));

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(newRun.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(newRun.consoleLog().toFile()));
    Map<String, String> env = builder.environment();
    // The launcher warns about (or wrongly honours) these; the node gets exactly what we set.
    for (String name :
        List.of("JAVA_HOME", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS", "CLI_JAVA_OPTS")) {
      env.remove(name);
    }
    env.put("ES_JAVA_HOME", javaHome.toString());
    env.put("ES_JAVA_OPTS", InfraSettings.get("PULSE_ES_JAVA_OPTS").orElse(DEFAULT_JAVA_OPTS));
    env.put("ES_PATH_CONF", newRun.config().toString());
    env.put("ES_TMPDIR", newRun.tmp().toString());

    Process launched;
    synchronized (lifecycle) {
      if (closed) {
        throw new InfraStartupException("LocalElasticsearch was closed while starting");
      }
      try {
        launched = builder.start();
      } catch (IOException e) {
        throw new InfraStartupException(
            "Could not launch Elasticsearch ("
                + String.join(" ", command.subList(0, Math.min(command.size(), 2)))
                + "): "
                + e.getMessage()
                + (user.isPresent() ? "; running as root needs setpriv (util-linux)" : ""),
            e);
      }
      this.process = launched;
      this.run = newRun;
      this.httpPort = http;
      RUNNING.add(this);
    }
    newRun.recordProcesses(List.of(launched.toHandle()));

    String url = "http://127.0.0.1:" + http;
    Health health = waitForHealth(launched, url);
    if (health == Health.HEALTHY) {
      // Record the forked server JVM as well, in case the launcher ever dies before it.
      List<ProcessHandle> processes = new ArrayList<>();
      processes.add(launched.toHandle());
      launched.toHandle().descendants().forEach(processes::add);
      newRun.recordProcesses(processes);
      return Outcome.HEALTHY;
    }
    List<String> tail = FileTrees.tail(newRun.consoleLog(), 40);
    stopProcess();
    RUNNING.remove(this);
    // Keep the failed run's logs for the reader of the error; a later start reaps the folder.
    this.run = null;
    if (health == Health.EXITED && tail.stream().anyMatch(BIND_FAILURE.asPredicate())) {
      if (previous == null) {
        newRun.delete();
      }
      return Outcome.PORT_TAKEN;
    }
    LOG.error(
        "Elasticsearch did not start; last lines of {}:{}{}",
        newRun.consoleLog(),
        System.lineSeparator(),
        String.join(System.lineSeparator(), tail));
    if (health == Health.TIMED_OUT) {
      throw InfraStartupException.elasticsearchNotHealthy(
          url, STARTUP_TIMEOUT, newRun.consoleLog(), notableLine(tail));
    }
    throw InfraStartupException.elasticsearchExited(
        launched.exitValue(), newRun.consoleLog(), notableLine(tail));
  }

  private enum Health {
    HEALTHY,
    EXITED,
    TIMED_OUT
  }

  /** Polls the cluster health until it is yellow or green, the process ends or time runs out. */
  private Health waitForHealth(Process launched, String url) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    // GET / answers 405 on the test distribution; the health API is there.
    HttpRequest.Builder healthRequest =
        HttpRequest.newBuilder(
                URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .GET();
    if (secured) {
      healthRequest.header("Authorization", superuserAuthorization());
    }
    HttpRequest request = healthRequest.build();
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (true) {
      if (!launched.isAlive()) {
        return Health.EXITED;
      }
      if (closed) {
        throw new InfraStartupException("LocalElasticsearch was closed while starting");
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode health = json.readTree(response.body());
          String status = health.path("status").asText();
          if (status.equals("yellow") || status.equals("green")) {
            return Health.HEALTHY;
          }
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InfraStartupException("Interrupted while waiting for Elasticsearch", e);
      }
      if (System.nanoTime() > deadline) {
        return Health.TIMED_OUT;
      }
      try {
        // Returns at once if the node exits, so a crash is reported without waiting.
        launched.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InfraStartupException("Interrupted while waiting for Elasticsearch", e);
      }
    }
  }

  /**
   * Adds {@link #SUPERUSER} to the file realm of the run's config folder with Elasticsearch's own
   * {@code elasticsearch-users} tool, run as the node's user so the node can read the files.
   */
  private void addSuperuser(
      Path home, Path javaHome, ElasticsearchRun newRun, Optional<NodeUser> user) {
    List<String> command = new ArrayList<>();
    user.ifPresent(u -> command.addAll(u.commandPrefix(newRun.dir())));
    command.add(home.resolve("bin").resolve("elasticsearch-users").toString());
    command.addAll(List.of("useradd", SUPERUSER, "-p", superuserPassword, "-r", "superuser"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(newRun.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(newRun.consoleLog().toFile()));
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().put("ES_JAVA_HOME", javaHome.toString());
    builder.environment().put("ES_PATH_CONF", newRun.config().toString());
    try {
      Process tool = builder.start();
      if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        tool.destroyForcibly();
        throw new InfraStartupException(
            "elasticsearch-users could not add the superuser; see " + newRun.consoleLog());
      }
    } catch (IOException e) {
      throw new InfraStartupException("could not run elasticsearch-users: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraStartupException("interrupted while adding the Elasticsearch superuser", e);
    }
  }

  private static List<String> settings(
      ElasticsearchRun run, int http, int transport, boolean secured) {
    List<String> security =
        secured
            ? List.of(
                "-Expack.security.enabled=true",
                "-Expack.security.http.ssl.enabled=false",
                "-Expack.security.transport.ssl.enabled=false",
                "-Expack.security.authc.api_key.enabled=true")
            : List.of("-Expack.security.enabled=false");
    List<String> settings = new ArrayList<>(security);
    settings.addAll(common(run, http, transport));
    return settings;
  }

  private static List<String> common(ElasticsearchRun run, int http, int transport) {
    return List.of(
        "-Ediscovery.type=single-node",
        "-Enetwork.host=127.0.0.1",
        "-Ehttp.port=" + http,
        "-Etransport.port=" + transport,
        "-Epath.data=" + run.data(),
        "-Epath.logs=" + run.logs(),
        "-Ecluster.name=" + CLUSTER_NAME,
        "-Enode.name=" + CLUSTER_NAME,
        // A nearly full disk must not turn indices read-only in the middle of a test.
        "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        // Tests and ./pulse clean up their own indices by pattern.
        "-Eaction.destructive_requires_name=false");
  }

  private void stopProcess() {
    Process current = process;
    if (current == null) {
      return;
    }
    if (!ProcessTree.terminate(List.of(current.toHandle()), STOP_GRACE)) {
      LOG.warn("Elasticsearch (pid {}) did not stop; it may still be running", current.pid());
    }
  }

  /**
   * The line of the log tail most likely to say what went wrong: the first error-like line that is
   * not a stack frame (the first is usually the cause, later ones its consequences), else the last
   * non-blank line.
   */
  static String notableLine(List<String> tail) {
    String line = "";
    for (String candidate : tail) {
      String trimmed = candidate.trim();
      boolean stackFrame = trimmed.startsWith("at ") || trimmed.startsWith("...");
      if (!stackFrame && NOTABLE_LINE.matcher(trimmed).find()) {
        line = trimmed;
        break;
      }
    }
    if (line.isEmpty()) {
      for (String candidate : tail) {
        if (!candidate.isBlank()) {
          line = candidate.trim();
        }
      }
    }
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new InfraStartupException("Could not find a free port on 127.0.0.1: " + e, e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void installShutdownHook() {
    if (SHUTDOWN_HOOK_INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> List.copyOf(RUNNING).forEach(LocalElasticsearch::close),
                  "pulse-elasticsearch-shutdown"));
    }
  }
}
