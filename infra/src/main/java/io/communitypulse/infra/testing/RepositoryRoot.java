package io.communitypulse.infra.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a test finds the repository's own files (manifests, compose file) from any module. */
public final class RepositoryRoot {

  private RepositoryRoot() {}

  /** The first parent of the working directory with docker-compose.yml and infra/kubernetes. */
  public static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
          && Files.isDirectory(dir.resolve("infra/kubernetes"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }
}
