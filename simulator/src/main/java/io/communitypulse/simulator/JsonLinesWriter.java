package io.communitypulse.simulator;

import io.communitypulse.wire.JsonEventFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Writes simulated events as JSON lines (the JSON form of docs/producing-events.md, {@code \n} line
 * ends, UTF-8) and, when asked, mixes in broken lines made from the events around them (see {@link
 * MalformedLines}). The broken lines come from their own random stream, so the good lines are the
 * same with or without them.
 */
public final class JsonLinesWriter {

  private static final MalformedLines.Defect[] DEFECTS = MalformedLines.Defect.values();

  private final JsonEventFormat format = new JsonEventFormat();
  private final SimRandom random;
  private final double brokenChance;

  /**
   * A writer whose output has {@code malformedShare} of broken lines (0 for none), drawn from
   * {@code seed}.
   */
  public JsonLinesWriter(long seed, double malformedShare) {
    if (!(malformedShare >= 0 && malformedShare <= SimulatorSettings.MAX_SHARE)) {
      throw new IllegalArgumentException(
          "malformed share must be between 0 and "
              + SimulatorSettings.MAX_SHARE
              + ", was "
              + malformedShare);
    }
    this.random = new SimRandom(SimRandom.derive(seed, "malformed"));
    // One broken line before a good one with chance q makes q / (1 + q) of all lines broken.
    this.brokenChance = malformedShare / (1 - malformedShare);
  }

  /** The writer for {@code settings}: its seed and malformed share. */
  public static JsonLinesWriter forSettings(SimulatorSettings settings) {
    return new JsonLinesWriter(settings.seed(), settings.malformedShare());
  }

  /** Writes every event to {@code file} (replaced if it exists). */
  public SimulationCounts write(Iterator<SimulatedEvent> events, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      return write(events, out);
    }
  }

  /** Writes every event to {@code out}, which it flushes but does not close. */
  public SimulationCounts write(Iterator<SimulatedEvent> events, Writer out) throws IOException {
    SimulationCounts counts = new SimulationCounts();
    Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
    while (events.hasNext()) {
      SimulatedEvent e = events.next();
      String line = format.toJson(e.event());
      if (brokenChance > 0 && random.chance(brokenChance)) {
        buffered.write(MalformedLines.breakLine(line, random.pick(DEFECTS), random));
        buffered.write('\n');
        counts.countMalformed();
      }
      buffered.write(line);
      buffered.write('\n');
      counts.count(e);
    }
    buffered.flush();
    return counts;
  }
}
