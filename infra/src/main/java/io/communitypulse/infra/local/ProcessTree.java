package io.communitypulse.infra.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops a process together with everything it started. The Elasticsearch launcher is a small JVM
 * that forks the server JVM, so stopping only the launcher could leave the server running.
 */
final class ProcessTree {

  private static final long POLL_MILLIS = 50;

  private ProcessTree() {}

  /**
   * Asks every process in the trees under {@code roots} to stop (SIGTERM), waits up to {@code
   * grace} for all of them, then kills (SIGKILL) whatever is left and waits a little more.
   *
   * @return true if none of them is alive any more
   */
  static boolean terminate(List<ProcessHandle> roots, Duration grace) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (ProcessHandle root : roots) {
      // Descendants first: once the launcher dies its children are re-parented and lost.
      root.descendants().forEach(all::add);
      all.add(root);
    }
    all.removeIf(p -> !p.isAlive());
    all.forEach(ProcessHandle::destroy);
    if (awaitExit(all, grace)) {
      return true;
    }
    all.stream().filter(ProcessTree::isRunning).forEach(ProcessHandle::destroyForcibly);
    return awaitExit(all, Duration.ofSeconds(10));
  }

  /**
   * Polls rather than waiting on {@link ProcessHandle#onExit()}, which for processes that are not
   * our children first checks after 300 ms and then ever more slowly.
   */
  private static boolean awaitExit(Set<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processes.stream().anyMatch(ProcessTree::isRunning)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return processes.stream().noneMatch(ProcessTree::isRunning);
      }
    }
    return true;
  }

  /**
   * Alive and not a zombie: an exited grandchild whose parent died is re-parented to init, and
   * until init reaps it (which can take a second) {@link ProcessHandle#isAlive()} still says yes.
   */
  static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no /proc (macOS) or already gone
    }
  }
}
