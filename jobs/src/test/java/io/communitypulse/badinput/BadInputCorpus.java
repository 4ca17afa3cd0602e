package io.communitypulse.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The committed bad-input corpus under {@code src/test/resources/bad-input/}: one file per case and
 * {@code manifest.tsv}, which says for each file where it goes and what the job must make of it.
 * The files, not {@link BadInputCorpusGenerator}, are the contract: a change of the wire format or
 * of the rules that changes the outcome of a committed case must show up as a failing test.
 *
 * <p>Manifest columns (tab-separated, {@code #} starts a comment line):
 *
 * <ul>
 *   <li>{@code file}: the raw bytes as produced to Kafka (a {@code .gz} file holds them gzipped, to
 *       keep the 1 MiB case small in git); {@code -} for a reason no input can produce;
 *   <li>{@code topic}: {@code clicks} or {@code posts} (produced as-is to that topic), {@code
 *       replay-line} (one JSON line given to {@code ./pulse replay}), or {@code none};
 *   <li>{@code expected}: a {@code RejectReason} of the DeadLetter schema, or {@code DUPLICATE}
 *       (the file is produced twice; the second copy is dropped and counted, never dead-lettered);
 *   <li>{@code what}: why, in words.
 * </ul>
 */
public final class BadInputCorpus {

  /** Where the corpus lives, relative to the {@code jobs} module. */
  public static final Path DIRECTORY = Path.of("src", "test", "resources", "bad-input");

  /** The manifest's name in {@link #DIRECTORY}. */
  public static final String MANIFEST = "manifest.tsv";

  /** Expected outcome of a case produced twice whose second copy is dropped, not dead-lettered. */
  public static final String DUPLICATE = "DUPLICATE";

  /** Topic column values. */
  public static final String CLICKS = "clicks";

  public static final String POSTS = "posts";
  public static final String REPLAY_LINE = "replay-line";
  public static final String NONE = "none";

  /** One manifest row. */
  public record Case(String file, String topic, String expected, String what) {

    /** Whether the case is produced to a Kafka input topic. */
    public boolean isKafka() {
      return CLICKS.equals(topic) || POSTS.equals(topic);
    }

    /** The case's bytes, gunzipped when the file is a {@code .gz}. */
    public byte[] bytes() {
      try {
        byte[] raw = Files.readAllBytes(DIRECTORY.resolve(file));
        if (!file.endsWith(".gz")) {
          return raw;
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          in.transferTo(out);
          return out.toByteArray();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read corpus file " + file, e);
      }
    }

    /** A replay-line case as its one line of text. */
    public String line() {
      return new String(bytes(), StandardCharsets.UTF_8).stripTrailing();
    }

    @Override
    public String toString() {
      return file + " (" + topic + " -> " + expected + ")";
    }
  }

  private BadInputCorpus() {}

  /** Every row of the committed manifest. */
  public static List<Case> cases() {
    try {
      List<Case> cases = new ArrayList<>();
      for (String line : Files.readAllLines(DIRECTORY.resolve(MANIFEST))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (cells.length != 4) {
          throw new IllegalStateException("manifest line needs 4 tab-separated cells: " + line);
        }
        cases.add(new Case(cells[0], cells[1], cells[2], cells[3]));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cases produced to Kafka. */
  public static List<Case> kafkaCases() {
    return cases().stream().filter(Case::isKafka).toList();
  }
}
