package io.communitypulse.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elastic's server test distribution (the {@code integ-test-zip} artifact that Maven keeps in the
 * local repository) and its unpacked copy in a cache folder. The zip is unpacked once per version
 * into a staging folder and renamed into place, so a crash mid-unpack never leaves a half-filled
 * cache; the copy is world-readable because, under root, the node runs as {@code nobody}.
 */
final class ElasticsearchDistribution {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchDistribution.class);

  static final String OVERRIDE = "PULSE_ES_DISTRIBUTION";

  private static final String GROUP_PATH = "org/elasticsearch/distribution/integ-test-zip";

  /** Written last into the staging folder; its presence means the unpacked copy is whole. */
  static final String COMPLETE_MARKER = ".pulse-unpacked";

  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private ElasticsearchDistribution() {}

  /** The folder under which the unpacked distribution and the per-start folders live. */
  static Path cacheRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "community-pulse");
  }

  /** The zip of {@code version} on this machine, honouring {@code PULSE_ES_DISTRIBUTION}. */
  static Path locateZip(String version) {
    return locateZip(
        version,
        InfraSettings::get,
        Optional.ofNullable(System.getProperty("maven.repo.local")).map(Path::of),
        repositoryOfClasspath(),
        Path.of(System.getProperty("user.home"), ".m2", "repository"));
  }

  /**
   * The zip of {@code version}: {@code PULSE_ES_DISTRIBUTION} if set, else the first Maven
   * repository among {@code -Dmaven.repo.local}, the repository the classpath was resolved from and
   * {@code ~/.m2/repository} that holds it.
   *
   * @throws InfraStartupException if it is in none of them
   */
  static Path locateZip(
      String version,
      Function<String, Optional<String>> settings,
      Optional<Path> mavenRepoLocal,
      Optional<Path> classpathRepository,
      Path defaultRepository) {
    Optional<String> override = settings.apply(OVERRIDE);
    if (override.isPresent()) {
      Path zip = Path.of(override.get());
      if (!Files.isRegularFile(zip)) {
        throw InfraStartupException.distributionNotFound(zip, version);
      }
      return zip;
    }
    List<Path> repositories = new ArrayList<>();
    mavenRepoLocal.ifPresent(repositories::add);
    classpathRepository.ifPresent(repositories::add);
    repositories.add(defaultRepository);
    for (Path repository : repositories) {
      Path zip = zipIn(repository, version);
      if (Files.isRegularFile(zip)) {
        return zip;
      }
    }
    throw InfraStartupException.distributionNotFound(zipIn(repositories.get(0), version), version);
  }

  static Path zipIn(Path repository, String version) {
    return repository
        .resolve(GROUP_PATH)
        .resolve("elasticsearch")
        .resolve(version)
        .resolve("elasticsearch-" + version + ".zip");
  }

  /**
   * The Maven repository that kafka-clients was loaded from, if it was loaded from one: under Maven
   * (tests) the classpath comes from the local repository even when it is configured in
   * settings.xml, which no system property reveals.
   */
  static Optional<Path> repositoryOfClasspath() {
    try {
      var source =
          org.apache.kafka.clients.producer.KafkaProducer.class
              .getProtectionDomain()
              .getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path jar = Path.of(source.getLocation().toURI());
      // <repo>/org/apache/kafka/kafka-clients/<version>/kafka-clients-<version>.jar
      Path artifact = jar.getParent() == null ? null : jar.getParent().getParent();
      if (artifact == null
          || !artifact.endsWith(Path.of("org", "apache", "kafka", "kafka-clients"))) {
        return Optional.empty();
      }
      return Optional.of(artifact.getParent().getParent().getParent().getParent());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The home folder of the unpacked distribution, unpacking {@code zip} first if no whole copy is
   * in {@code cacheRoot}. Safe against other threads and other JVMs doing the same.
   */
  static synchronized Path unpack(Path zip, Path cacheRoot, String version) {
    Path home = cacheRoot.resolve("elasticsearch-" + version);
    if (Files.isRegularFile(home.resolve(COMPLETE_MARKER))) {
      return home;
    }
    try {
      createWorldReadableDirectories(cacheRoot);
      try (FileChannel channel =
          FileChannel.open(
              cacheRoot.resolve(".unpack.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        channel.lock(); // held until the channel closes; other JVMs wait here
        if (Files.isRegularFile(home.resolve(COMPLETE_MARKER))) {
          return home; // another JVM finished while we waited for the lock
        }
        // Under the lock nobody else is unpacking: leftovers are from a crash.
        deleteLeftovers(cacheRoot, home);
        long started = System.nanoTime();
        Path staging = Files.createTempDirectory(cacheRoot, ".unpack-");
        setPermissions(staging, EXECUTABLE);
        extractStrippingTopFolder(zip, staging);
        Files.writeString(staging.resolve(COMPLETE_MARKER), zip.toString());
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        LOG.info(
            "Unpacked {} into {} in {} ms",
            zip.getFileName(),
            home,
            (System.nanoTime() - started) / 1_000_000);
        return home;
      }
    } catch (IOException e) {
      throw new InfraStartupException("Could not unpack " + zip + " into " + home + ": " + e, e);
    }
  }

  private static void deleteLeftovers(Path cacheRoot, Path home) throws IOException {
    List<Path> leftovers = new ArrayList<>();
    try (Stream<Path> entries = Files.list(cacheRoot)) {
      entries
          .filter(p -> p.getFileName().toString().startsWith(".unpack-") || p.equals(home))
          .forEach(leftovers::add);
    }
    for (Path leftover : leftovers) {
      FileTrees.deleteQuietly(leftover);
    }
  }

  private static void extractStrippingTopFolder(Path zip, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        int slash = name.indexOf('/');
        if (slash < 0 || slash == name.length() - 1) {
          continue; // the top folder itself
        }
        String relative = name.substring(slash + 1);
        Path out = root.resolve(relative).normalize();
        if (!out.startsWith(root)) {
          throw new IOException("Zip entry escapes the target folder: " + name);
        }
        if (entry.isDirectory()) {
          createWorldReadableDirectories(out);
          continue;
        }
        createWorldReadableDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out);
        }
        // java.util.zip does not expose Unix modes; only the launcher scripts need to run.
        setPermissions(out, relative.startsWith("bin/") ? EXECUTABLE : READ_ONLY);
      }
    }
  }

  static void createWorldReadableDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createWorldReadableDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      setPermissions(dir, EXECUTABLE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // created concurrently: fine
    }
  }

  private static void setPermissions(Path path, Set<PosixFilePermission> permissions)
      throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }
}
