package io.communitypulse.infra.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.communitypulse.infra.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed saved objects ({@code infra/kibana/pulse-saved-objects.ndjson}) are exactly what
 * their generator ({@code infra/kibana-source/pulse_saved_objects.py}) writes, so nobody edits the
 * one and forgets the other. It needs {@code python3}; without it the test fails rather than skips,
 * since a check that can silently disappear checks nothing.
 */
class SavedObjectsSourceTest {

  static final String GENERATOR = "infra/kibana-source/pulse_saved_objects.py";
  static final String COMMITTED = "infra/kibana/pulse-saved-objects.ndjson";
  static final String REGENERATE = "python3 " + GENERATOR + " " + COMMITTED;

  private static final long TIMEOUT_SECONDS = 60;
  private static final int WINDOW = 60;

  @Test
  void theCommittedFileIsWhatTheGeneratorWritesWhateverPythonsHashSeed(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path root = RepositoryRoot.find();
    byte[] committed = Files.readAllBytes(root.resolve(COMMITTED));

    // Two different hash seeds: iterating a set or a hash-ordered structure would show up as a
    // difference, so the generator stays deterministic as well as in step.
    for (String seed : List.of("1", "2")) {
      Path generated = tmp.resolve("seed-" + seed + ".ndjson");
      generate(root, generated, seed, tmp.resolve("seed-" + seed + ".log"));
      String difference = firstDifference(committed, Files.readAllBytes(generated));
      if (difference != null) {
        fail(
            "%s is not what %s writes (PYTHONHASHSEED=%s): %s%nRegenerate it from the repository"
                + " root with:%n  %s%nand commit both files.",
            COMMITTED, GENERATOR, seed, difference, REGENERATE);
      }
    }
  }

  @Test
  void aDifferenceNamesTheObjectAndShowsWhereItStarts() {
    byte[] committed = lines("{\"type\":\"lens\",\"id\":\"a\",\"x\":1}", "{\"id\":\"b\"}");

    assertThat(firstDifference(committed, committed.clone())).isNull();
    assertThat(
            firstDifference(
                committed, lines("{\"type\":\"lens\",\"id\":\"a\",\"x\":2}", "{\"id\":\"b\"}")))
        .isEqualTo(
            "line 1 (lens a) differs at character 29:%n".formatted()
                + "  committed: {\"type\":\"lens\",\"id\":\"a\",\"x\":1}%n".formatted()
                + "  generated: {\"type\":\"lens\",\"id\":\"a\",\"x\":2}");
    assertThat(firstDifference(committed, lines("{\"type\":\"lens\",\"id\":\"a\",\"x\":1}")))
        .isEqualTo("line 2 (b) is missing from the generated file");
    assertThat(
            firstDifference(
                committed,
                "{\"type\":\"lens\",\"id\":\"a\",\"x\":1}\r\n{\"id\":\"b\"}\r\n"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("same lines, different bytes (line endings or encoding)");
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void generate(Path root, Path out, String hashSeed, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("python3", GENERATOR, out.toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PYTHONHASHSEED", hashSeed);
    Process python;
    try {
      python = builder.start();
    } catch (IOException e) {
      throw new AssertionError(
          "python3 is needed to check "
              + COMMITTED
              + " against its generator and could not be started ("
              + e.getMessage()
              + "); install Python 3 (Debian: apt-get install python3; .ci/run does)",
          e);
    }
    python.getOutputStream().close();
    if (!python.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      python.destroyForcibly();
      fail("%s did not finish within %d s", GENERATOR, TIMEOUT_SECONDS);
    }
    assertThat(python.exitValue())
        .as("exit code of `python3 %s`, which printed:%n%s", GENERATOR, Files.readString(log))
        .isZero();
  }

  /**
   * Where the generated file first departs from the committed one (the line, the object on it and a
   * window around the first differing character), or null if the two are equal byte for byte.
   */
  static String firstDifference(byte[] committed, byte[] generated) {
    if (Arrays.equals(committed, generated)) {
      return null;
    }
    List<String> want = new String(committed, StandardCharsets.UTF_8).lines().toList();
    List<String> got = new String(generated, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
      if (i >= got.size()) {
        return "line %d (%s) is missing from the generated file"
            .formatted(i + 1, name(want.get(i)));
      }
      if (i >= want.size()) {
        return "line %d (%s) is new in the generated file".formatted(i + 1, name(got.get(i)));
      }
      String w = want.get(i);
      String g = got.get(i);
      if (!w.equals(g)) {
        int at = 0;
        while (at < w.length() && at < g.length() && w.charAt(at) == g.charAt(at)) {
          at++;
        }
        return "line %d (%s) differs at character %d:%n  committed: %s%n  generated: %s"
            .formatted(i + 1, name(w), at + 1, around(w, at), around(g, at));
      }
    }
    return "same lines, different bytes (line endings or encoding)";
  }

  /** The object's type and id, as far as the line says them. */
  private static String name(String line) {
    try {
      JsonNode object = SavedObjectFile.MAPPER.readTree(line);
      return (object.path("type").asText() + " " + object.path("id").asText()).trim();
    } catch (IOException e) {
      return "not JSON";
    }
  }

  /** A saved object is one long line: show about 60 characters either side of a position. */
  private static String around(String line, int at) {
    int from = Math.max(0, at - WINDOW);
    int to = Math.min(line.length(), at + WINDOW);
    return (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "");
  }
}
