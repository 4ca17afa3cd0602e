package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ElasticsearchRunTest {

  @TempDir Path runs;

  private Process stray;

  @AfterEach
  void killStray() {
    if (stray != null) {
      stray.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      stray.destroyForcibly();
    }
  }

  @Test
  void createsAFreshFolderWithItsOwnConfigurationAndRelocatedJvmOutputs() throws IOException {
    Path home = Files.createDirectories(runs.resolve("es-home"));
    Files.createDirectories(home.resolve("config/jvm.options.d"));
    Files.writeString(
        home.resolve("config/jvm.options"),
        "-XX:ErrorFile=hs_err_pid%p.log\n-Xlog:gc*:file=gc.log:utctime\n");

    ElasticsearchRun run = ElasticsearchRun.create(runs.resolve("runs"), home, Optional.empty());

    assertThat(run.data()).isDirectory();
    assertThat(run.tmp()).isDirectory();
    assertThat(run.config().resolve("jvm.options.d")).isDirectory();
    assertThat(Files.readString(run.config().resolve("jvm.options")))
        .contains("-XX:ErrorFile=" + run.logs() + "/hs_err_pid%p.log")
        .contains("file=" + run.logs() + "/gc.log")
        .contains("-XX:HeapDumpPath=" + run.logs());
    assertThat(run.dir().resolve(ElasticsearchRun.PID_FILE)).isRegularFile();

    run.delete();
    assertThat(run.dir()).doesNotExist();
  }

  @Test
  void stopsTheNodeOfADeadJvmAndDeletesItsFolder() throws Exception {
    Path dir = Files.createDirectories(runs.resolve("20260101-000000-1-1"));
    // Stands in for a node: its command line names org.elasticsearch and the run folder.
    stray = startFakeNode(dir);
    ProcessHandle child = firstChild(stray);
    writePidFile(dir, deadPid(), Instant.EPOCH, stray.pid());

    ElasticsearchRun.reapOrphans(runs);

    assertThat(stray.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessTree.isRunning(child)).isFalse();
    assertThat(dir).doesNotExist();
  }

  @Test
  void leavesTheNodeOfALiveJvmAlone() throws Exception {
    Path dir = Files.createDirectories(runs.resolve("20260101-000000-2-2"));
    stray = startFakeNode(dir);
    ProcessHandle self = ProcessHandle.current();
    writePidFile(dir, self.pid(), self.info().startInstant().orElseThrow(), stray.pid());

    ElasticsearchRun.reapOrphans(runs);

    assertThat(stray.isAlive()).isTrue();
    assertThat(dir).isDirectory();
  }

  @Test
  void neverKillsARecycledPidThatIsNotANodeOfThatFolder() throws Exception {
    Path dir = Files.createDirectories(runs.resolve("20260101-000000-3-3"));
    stray = new ProcessBuilder("sh", "-c", "sleep 300; : unrelated").start();
    writePidFile(dir, deadPid(), Instant.EPOCH, stray.pid());

    ElasticsearchRun.reapOrphans(runs);

    assertThat(stray.isAlive()).isTrue();
    assertThat(dir).doesNotExist();
  }

  private static Process startFakeNode(Path dir) throws IOException {
    return new ProcessBuilder(
            "sh", "-c", "sleep 300 & echo $!; wait; : org.elasticsearch.bootstrap " + dir)
        .start();
  }

  private static ProcessHandle firstChild(Process parent) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    return ProcessHandle.of(Long.parseLong(out.readLine().trim())).orElseThrow();
  }

  /** The pid of a process that has already exited. */
  private static long deadPid() throws IOException, InterruptedException {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  private static void writePidFile(Path dir, long ownerPid, Instant ownerStart, long esPid)
      throws IOException {
    Properties properties = new Properties();
    properties.setProperty("owner.pid", Long.toString(ownerPid));
    properties.setProperty("owner.start", ownerStart.toString());
    properties.setProperty("es.pids", Long.toString(esPid));
    try (OutputStream out = Files.newOutputStream(dir.resolve(ElasticsearchRun.PID_FILE))) {
      properties.store(out, null);
    }
  }
}
