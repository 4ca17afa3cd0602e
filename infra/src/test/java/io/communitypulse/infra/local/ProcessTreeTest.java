package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessTreeTest {

  @Test
  void stopsAProcessAndWhatItForked() throws IOException, InterruptedException {
    // The shell forks a child and waits for it, like the Elasticsearch launcher and its server.
    Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; wait").start();
    ProcessHandle child = childNamedOnFirstLine(parent);
    assertThat(child.parent().map(ProcessHandle::pid)).contains(parent.pid());

    boolean stopped = ProcessTree.terminate(List.of(parent.toHandle()), Duration.ofSeconds(5));

    assertThat(stopped).isTrue();
    assertThat(parent.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessTree.isRunning(child)).isFalse();
  }

  private static ProcessHandle childNamedOnFirstLine(Process parent) throws IOException {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      long pid = Long.parseLong(out.readLine().trim());
      return ProcessHandle.of(pid).orElseThrow();
    }
  }
}
