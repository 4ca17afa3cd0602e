package io.communitypulse.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a JDK recent enough to run the Elasticsearch server (which needs 21 or newer, while this
 * project builds and runs on 17). It tries, in order, {@code PULSE_ES_JAVA_HOME}, {@code
 * JAVA_HOME}, every folder under the usual system JVM folders (in name order) and the JDK running
 * this code, and reads each candidate's {@code release} file rather than starting it, so the search
 * costs a few file reads.
 */
final class JdkLocator {

  /** Elasticsearch 9 refuses to start on anything older. */
  static final int MINIMUM_FEATURE_VERSION = 21;

  static final String OVERRIDE = "PULSE_ES_JAVA_HOME";

  private final Function<String, Optional<String>> settings;
  private final List<Path> scanRoots;
  private final Path currentJavaHome;

  /**
   * @param settings looks up {@code PULSE_ES_JAVA_HOME} and {@code JAVA_HOME}
   * @param scanRoots folders whose children are candidate JDKs
   * @param currentJavaHome the {@code java.home} of the running JVM, tried last
   */
  JdkLocator(
      Function<String, Optional<String>> settings, List<Path> scanRoots, Path currentJavaHome) {
    this.settings = settings;
    this.scanRoots = List.copyOf(scanRoots);
    this.currentJavaHome = currentJavaHome;
  }

  static JdkLocator forThisMachine() {
    return new JdkLocator(
        InfraSettings::get,
        List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines")),
        Path.of(System.getProperty("java.home")));
  }

  /**
   * The home folder of the first usable JDK.
   *
   * @throws InfraStartupException if {@code PULSE_ES_JAVA_HOME} points at something unusable, or if
   *     no candidate is a JDK 21+
   */
  Path locate() {
    Optional<String> override = settings.apply(OVERRIDE);
    if (override.isPresent()) {
      Path home = Path.of(override.get());
      OptionalInt version = featureVersion(home);
      if (isUsable(home, version)) {
        return home;
      }
      // An explicit choice that does not work is an error, not a hint to look elsewhere.
      throw new InfraStartupException(
          OVERRIDE
              + "="
              + home
              + " is not a usable JDK ("
              + describe(version)
              + "); point it at a JDK "
              + MINIMUM_FEATURE_VERSION
              + " or newer");
    }
    List<String> lookedAt = new ArrayList<>();
    lookedAt.add(OVERRIDE + " (unset)");

    Optional<String> javaHome = settings.apply("JAVA_HOME");
    if (javaHome.isPresent()) {
      Path home = Path.of(javaHome.get());
      OptionalInt version = featureVersion(home);
      if (isUsable(home, version)) {
        return home;
      }
      lookedAt.add("JAVA_HOME=" + home + " (" + describe(version) + ")");
    } else {
      lookedAt.add("JAVA_HOME (unset)");
    }

    for (Path root : scanRoots) {
      List<String> seen = new ArrayList<>();
      for (Path candidate : children(root)) {
        Path home = homeOf(candidate);
        OptionalInt version = featureVersion(home);
        if (isUsable(home, version)) {
          return home;
        }
        seen.add(candidate.getFileName() + ": " + describe(version));
      }
      if (Files.isDirectory(root)) {
        lookedAt.add(root + "/* (" + (seen.isEmpty() ? "empty" : String.join(", ", seen)) + ")");
      }
    }

    OptionalInt version = featureVersion(currentJavaHome);
    if (isUsable(currentJavaHome, version)) {
      return currentJavaHome;
    }
    lookedAt.add("java.home=" + currentJavaHome + " (" + describe(version) + ")");
    throw InfraStartupException.noJdk(String.join(", ", lookedAt));
  }

  /**
   * The feature version (17, 21, 25, ...) recorded in {@code <home>/release}, or empty if there is
   * no readable release file with a {@code JAVA_VERSION} line.
   */
  static OptionalInt featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return OptionalInt.empty();
    }
    try (Stream<String> lines = Files.lines(release, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.startsWith("JAVA_VERSION="))
          .findFirst()
          .map(line -> parseFeatureVersion(line.substring("JAVA_VERSION=".length())))
          .orElse(OptionalInt.empty());
    } catch (IOException | UncheckedIOException e) {
      return OptionalInt.empty();
    }
  }

  /** "25.0.3" gives 25, "21" gives 21, "1.8.0_292" gives 8. */
  static OptionalInt parseFeatureVersion(String raw) {
    String version = raw.replace("\"", "").trim();
    if (version.startsWith("1.")) {
      version = version.substring(2);
    }
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(version, 0, end, 10));
  }

  private static boolean isUsable(Path home, OptionalInt version) {
    return version.isPresent()
        && version.getAsInt() >= MINIMUM_FEATURE_VERSION
        && Files.isExecutable(home.resolve("bin").resolve("java"));
  }

  private static String describe(OptionalInt version) {
    return version.isPresent() ? "Java " + version.getAsInt() : "no release file";
  }

  /** macOS bundles keep the real home under Contents/Home. */
  private static Path homeOf(Path candidate) {
    Path bundleHome = candidate.resolve("Contents").resolve("Home");
    return Files.isDirectory(bundleHome) ? bundleHome : candidate;
  }

  private static List<Path> children(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }
}
