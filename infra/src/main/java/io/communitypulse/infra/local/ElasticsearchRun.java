package io.communitypulse.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one start of the local Elasticsearch node: its own copy of the configuration (so
 * the shared unpacked distribution stays read-only and nodes of different JVMs never share a
 * keystore), data, logs, temporary files and a pid file naming the JVM that owns it. A later start
 * uses the pid file to stop nodes whose owning JVM died without closing them (kill -9).
 */
final class ElasticsearchRun {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchRun.class);

  static final String PID_FILE = "pulse-run.properties";

  /** A folder without a pid file this old is a start that crashed before launching anything. */
  private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  private final Path dir;

  private ElasticsearchRun(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates a fresh run folder under {@code runsRoot} with a configuration copied from {@code
   * esHome}, owned by {@code owner} when given (the node then runs as that user).
   */
  static ElasticsearchRun create(Path runsRoot, Path esHome, Optional<UserPrincipal> owner)
      throws IOException {
    ElasticsearchDistribution.createWorldReadableDirectories(runsRoot);
    String name =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + ProcessHandle.current().pid();
    Path dir = Files.createTempDirectory(runsRoot, name + "-");
    ElasticsearchRun run = new ElasticsearchRun(dir);
    run.writePidFile(List.of());
    FileTrees.copy(esHome.resolve("config"), run.config());
    Files.createDirectories(run.data());
    Files.createDirectories(run.logs());
    Files.createDirectories(run.tmp());
    run.relocateJvmOutputs();
    if (owner.isPresent()) {
      FileTrees.changeOwner(dir, owner.get());
    }
    return run;
  }

  Path dir() {
    return dir;
  }

  Path config() {
    return dir.resolve("config");
  }

  Path data() {
    return dir.resolve("data");
  }

  Path logs() {
    return dir.resolve("logs");
  }

  Path tmp() {
    return dir.resolve("tmp");
  }

  /** Where the launcher's stdout and stderr go (the node logs to the console as well). */
  Path consoleLog() {
    return logs().resolve("console.log");
  }

  /** Records the launcher and server processes so a later start can stop them if we die. */
  void recordProcesses(List<ProcessHandle> processes) {
    try {
      writePidFile(processes);
    } catch (IOException e) {
      LOG.warn("Could not write {} in {}: {}", PID_FILE, dir, e.toString());
    }
  }

  void delete() {
    if (!FileTrees.deleteQuietly(dir)) {
      LOG.warn("Could not delete all of {}", dir);
    }
  }

  /**
   * Stops the nodes of earlier runs whose owning JVM is gone and deletes their folders. Nodes of
   * JVMs that are still alive (another build, {@code ./pulse demo}) are left alone.
   */
  static void reapOrphans(Path runsRoot) {
    if (!Files.isDirectory(runsRoot)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> entries = Files.list(runsRoot)) {
      dirs = entries.filter(Files::isDirectory).collect(Collectors.toList());
    } catch (IOException e) {
      return;
    }
    for (Path dir : dirs) {
      try {
        reapIfOrphaned(dir);
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not inspect {}", dir, e);
      }
    }
  }

  private static void reapIfOrphaned(Path dir) throws IOException {
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.isRegularFile(pidFile)) {
      FileTime modified = Files.getLastModifiedTime(dir);
      if (modified.toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER))) {
        FileTrees.deleteQuietly(dir);
      }
      return;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(pidFile)) {
      properties.load(in);
    }
    long ownerPid = Long.parseLong(properties.getProperty("owner.pid", "-1"));
    String ownerStart = properties.getProperty("owner.start", "");
    if (isAlive(ownerPid, ownerStart)) {
      return;
    }
    List<ProcessHandle> strays = new ArrayList<>();
    for (String pid : properties.getProperty("es.pids", "").trim().split("\\s+")) {
      if (pid.isEmpty()) {
        continue;
      }
      ProcessHandle.of(Long.parseLong(pid))
          .filter(ProcessHandle::isAlive)
          // A recycled pid belongs to someone else: only a node started in this folder matches.
          .filter(p -> commandLineOf(p).contains("org.elasticsearch"))
          .filter(p -> commandLineOf(p).contains(dir.toString()))
          .ifPresent(strays::add);
    }
    if (!strays.isEmpty()) {
      LOG.warn(
          "Stopping {} Elasticsearch process(es) left behind by JVM {} in {}",
          strays.size(),
          ownerPid,
          dir);
      ProcessTree.terminate(strays, Duration.ofSeconds(10));
    }
    FileTrees.deleteQuietly(dir);
  }

  private static boolean isAlive(long pid, String recordedStart) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return false;
    }
    // A live pid with another start time is a recycled pid: the owner is gone.
    Optional<Instant> started = process.get().info().startInstant();
    return recordedStart.isEmpty()
        || started.isEmpty()
        || started.get().toString().equals(recordedStart);
  }

  static String commandLineOf(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    String command = info.command().orElse("");
    String arguments = info.arguments().map(a -> String.join(" ", a)).orElse("");
    return command + " " + arguments + " " + info.commandLine().orElse("");
  }

  private void writePidFile(List<ProcessHandle> processes) throws IOException {
    Properties properties = new Properties();
    ProcessHandle self = ProcessHandle.current();
    properties.setProperty("owner.pid", Long.toString(self.pid()));
    properties.setProperty(
        "owner.start", self.info().startInstant().map(Instant::toString).orElse(""));
    properties.setProperty(
        "es.pids",
        processes.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" ")));
    Path temp = dir.resolve(PID_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(temp)) {
      properties.store(out, "Community Pulse local Elasticsearch run");
    }
    Files.move(temp, dir.resolve(PID_FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The stock jvm.options write the GC log and crash files relative to the working directory, which
   * the launcher sets to the (read-only, shared) distribution folder: point them here.
   */
  private void relocateJvmOutputs() throws IOException {
    Path jvmOptions = config().resolve("jvm.options");
    if (!Files.isRegularFile(jvmOptions)) {
      return;
    }
    String logs = logs().toString();
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(jvmOptions, StandardCharsets.UTF_8)) {
      lines.add(
          line.replace("file=gc.log", "file=" + logs + "/gc.log")
              .replace("-XX:ErrorFile=hs_err", "-XX:ErrorFile=" + logs + "/hs_err"));
    }
    lines.add("-XX:HeapDumpPath=" + logs);
    Files.write(jvmOptions, lines, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
