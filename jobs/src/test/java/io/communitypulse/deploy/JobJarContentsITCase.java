package io.communitypulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.communitypulse.EngagementJob;
import io.communitypulse.runtime.EngagementJobMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job jar a cluster runs ({@code target/pulse-job.jar}, written in {@code package}) holds the
 * job and nothing of {@code ./pulse}: no command line, simulator, setup, demo, replay or forget
 * classes, and no picocli. It runs after {@code package} (failsafe); a build that skipped the jar
 * ({@code -Dpulse.job-jar.skip=true}) skips this too and says so, and a missing jar otherwise
 * fails.
 */
class JobJarContentsITCase {

  /** The packages of the tools (tools/) and the simulator (simulator/). */
  private static final List<String> TOOL_PACKAGES =
      List.of("cli", "demo", "setup", "simulator", "replay", "forget");

  private static final boolean SKIPPED = Boolean.getBoolean("pulse.job-jar.skip");

  private static List<String> entries;
  private static String mainClass;

  @BeforeAll
  static void openTheJar() throws IOException {
    if (SKIPPED) {
      return;
    }
    Path jar = Path.of(System.getProperty("pulse.job-jar", "target/pulse-job.jar"));
    if (!Files.isRegularFile(jar)) {
      fail(
          jar.toAbsolutePath()
              + " is missing: run this after `package` (./mvnw verify -pl jobs -am), or set"
              + " -Dpulse.job-jar.skip=true to build and test without the job jar");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
      mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  /** Each test reports itself skipped, with the reason, rather than the class vanishing. */
  @BeforeEach
  void requireTheJar() {
    Assumptions.assumeFalse(
        SKIPPED,
        "the job jar was not built (-Dpulse.job-jar.skip=true), so there is nothing to check");
  }

  @Test
  void holdsNoToolOrSimulatorClasses() {
    for (String pkg : TOOL_PACKAGES) {
      assertThat(entries)
          .as("entries under io/communitypulse/%s/", pkg)
          .noneMatch(e -> e.startsWith("io/communitypulse/" + pkg + "/"));
    }
    assertThat(entries)
        .as("picocli, the command line's library")
        .noneMatch(e -> e.startsWith("picocli/"));
  }

  @Test
  void holdsTheJobAndStartsAtItsOwnEntryPoint() {
    assertThat(entries)
        .contains(classEntry(EngagementJob.class), classEntry(EngagementJobMain.class))
        .anyMatch(e -> e.startsWith("io/communitypulse/session/"))
        .anyMatch(e -> e.startsWith("io/communitypulse/sink/"));
    assertThat(mainClass).isEqualTo(EngagementJobMain.class.getName());
  }

  private static String classEntry(Class<?> type) {
    return type.getName().replace('.', '/') + ".class";
  }
}
