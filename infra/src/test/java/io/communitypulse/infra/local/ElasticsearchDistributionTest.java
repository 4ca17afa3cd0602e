package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchDistributionTest {

  private static final String VERSION = "9.9.9";

  @TempDir Path temp;

  @Test
  void findsTheZipInTheFirstRepositoryThatHasIt() throws IOException {
    Path repoLocal = temp.resolve("repo-local");
    Path classpathRepo = temp.resolve("classpath-repo");
    Path home = temp.resolve("home-repo");
    Path zip = ElasticsearchDistribution.zipIn(classpathRepo, VERSION);
    Files.createDirectories(zip.getParent());
    Files.writeString(zip, "zip");

    Path found =
        ElasticsearchDistribution.locateZip(
            VERSION,
            name -> Optional.empty(),
            Optional.of(repoLocal),
            Optional.of(classpathRepo),
            home);

    assertThat(found).isEqualTo(zip);
    assertThat(zip.toString())
        .endsWith(
            "org/elasticsearch/distribution/integ-test-zip/elasticsearch/9.9.9/"
                + "elasticsearch-9.9.9.zip");
  }

  @Test
  void overrideIsUsedAsIs() throws IOException {
    Path zip = Files.writeString(temp.resolve("my.zip"), "zip");

    Path found =
        ElasticsearchDistribution.locateZip(
            VERSION,
            name ->
                Optional.ofNullable(
                    Map.of(ElasticsearchDistribution.OVERRIDE, zip.toString()).get(name)),
            Optional.empty(),
            Optional.empty(),
            temp.resolve("nothing"));

    assertThat(found).isEqualTo(zip);
  }

  @Test
  void missingZipTellsHowToFetchIt() {
    assertThatThrownBy(
            () ->
                ElasticsearchDistribution.locateZip(
                    VERSION,
                    name -> Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    temp.resolve("empty-repo")))
        .isInstanceOf(InfraStartupException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .hasMessageContaining(
            ElasticsearchDistribution.zipIn(temp.resolve("empty-repo"), VERSION).toString())
        .hasMessageContaining(
            "./mvnw -N dependency:get"
                + " -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:9.9.9:zip");
  }

  @Test
  void unpacksOnceWithoutTheTopFolderAndWithRunnableScripts() throws IOException {
    Path zip = fakeDistribution();
    Path cache = temp.resolve("cache");

    Path home = ElasticsearchDistribution.unpack(zip, cache, VERSION);

    assertThat(home).isEqualTo(cache.resolve("elasticsearch-" + VERSION));
    assertThat(home.resolve("config/jvm.options")).hasContent("-XX:+UseG1GC");
    assertThat(Files.isExecutable(home.resolve("bin/elasticsearch"))).isTrue();
    assertThat(home.resolve(ElasticsearchDistribution.COMPLETE_MARKER)).isRegularFile();

    // A second call reuses the copy: a file added to it survives.
    Files.writeString(home.resolve("touched"), "x");
    assertThat(ElasticsearchDistribution.unpack(zip, cache, VERSION)).isEqualTo(home);
    assertThat(home.resolve("touched")).exists();
  }

  @Test
  void replacesWhatACrashedUnpackLeftBehind() throws IOException {
    Path zip = fakeDistribution();
    Path cache = temp.resolve("cache");
    Path half = Files.createDirectories(cache.resolve("elasticsearch-" + VERSION + "/bin"));
    Files.writeString(half.resolve("stale"), "from a crashed run");
    Path staging = Files.createDirectories(cache.resolve(".unpack-123/lib"));

    Path home = ElasticsearchDistribution.unpack(zip, cache, VERSION);

    assertThat(home.resolve("bin/elasticsearch")).isRegularFile();
    assertThat(home.resolve(ElasticsearchDistribution.COMPLETE_MARKER)).isRegularFile();
    assertThat(staging.getParent()).doesNotExist();
    assertThat(half.resolve("stale")).doesNotExist();
  }

  private Path fakeDistribution() throws IOException {
    Path zip = temp.resolve("elasticsearch-" + VERSION + ".zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      String top = "elasticsearch-" + VERSION + "/";
      out.putNextEntry(new ZipEntry(top));
      out.putNextEntry(new ZipEntry(top + "bin/"));
      out.putNextEntry(new ZipEntry(top + "bin/elasticsearch"));
      out.write("#!/bin/bash\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry(top + "config/jvm.options"));
      out.write("-XX:+UseG1GC".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry(top + "plugins/"));
    }
    return zip;
  }
}
