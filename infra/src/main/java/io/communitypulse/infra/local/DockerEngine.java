package io.communitypulse.infra.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Docker engine can run containers here. Asking Testcontainers directly costs seconds and
 * logs a page of errors when there is no engine, so it is asked only when a socket or {@code
 * DOCKER_HOST} suggests there is one.
 */
final class DockerEngine {

  private static volatile Boolean available;

  private DockerEngine() {}

  static boolean isAvailable() {
    Boolean known = available;
    if (known == null) {
      known = hintsOfAnEngine() && testcontainersReachesIt();
      available = known;
    }
    return known;
  }

  private static boolean hintsOfAnEngine() {
    if (Optional.ofNullable(System.getenv("DOCKER_HOST")).filter(h -> !h.isBlank()).isPresent()) {
      return true;
    }
    List<Path> sockets = new ArrayList<>();
    sockets.add(Path.of("/var/run/docker.sock"));
    String home = System.getProperty("user.home");
    sockets.add(Path.of(home, ".docker", "run", "docker.sock"));
    sockets.add(Path.of(home, ".docker", "desktop", "docker.sock"));
    sockets.add(Path.of(home, ".colima", "default", "docker.sock"));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      sockets.add(Path.of(runtimeDir, "docker.sock"));
    }
    // Testcontainers can also be pointed at an engine in ~/.testcontainers.properties.
    sockets.add(Path.of(home, ".testcontainers.properties"));
    return sockets.stream().anyMatch(Files::exists);
  }

  private static boolean testcontainersReachesIt() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
