package io.communitypulse.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * What B emitted during one run: changelog rows per output and, when asked, the final row per key
 * (upsert semantics: the last insert or update-after wins, a delete removes). Static for the same
 * reason as {@link BulkLedger}.
 */
final class BaselineLedger {

  static final String SESSIONS = "sessions";
  static final String MEMBER_EVENTS = "member-events";
  static final String MEMBER_SESSIONS = "member-sessions";
  static final String COMMUNITY_DAYS = "community-days";
  static final String COMMUNITY_7D = "community-7d";
  static final String COMMUNITY_28D = "community-28d";
  static final String COMMUNITY_NEW_MEMBERS = "community-new-members";

  private static final Map<String, LongAdder> WRITES = new ConcurrentHashMap<>();
  private static final LongAdder UPDATE_BEFORE = new LongAdder();
  private static final Map<String, Map<String, Row>> FINAL = new ConcurrentHashMap<>();
  private static volatile boolean keep;

  private BaselineLedger() {}

  static void reset(boolean keepRows) {
    WRITES.clear();
    UPDATE_BEFORE.reset();
    FINAL.clear();
    keep = keepRows;
  }

  /**
   * One changelog row of {@code output}; its key is its first two fields (community and member, or
   * community and day), for sessions its first, second and fourth (the start).
   */
  static void record(String output, Row row) {
    if (row.getKind() == RowKind.UPDATE_BEFORE) {
      UPDATE_BEFORE.increment(); // an upsert sink skips these
      return;
    }
    WRITES.computeIfAbsent(output, o -> new LongAdder()).increment();
    if (keep) {
      String key =
          row.getField(0)
              + "/"
              + row.getField(1)
              + (output.equals(SESSIONS) ? "/" + row.getField(3) : "");
      Map<String, Row> rows = FINAL.computeIfAbsent(output, o -> new ConcurrentHashMap<>());
      if (row.getKind() == RowKind.DELETE) {
        rows.remove(key);
      } else {
        rows.put(key, row);
      }
    }
  }

  static long writes() {
    return WRITES.values().stream().mapToLong(LongAdder::sum).sum();
  }

  static Map<String, Long> writesByOutput() {
    Map<String, Long> out = new TreeMap<>();
    WRITES.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  static long updateBefore() {
    return UPDATE_BEFORE.sum();
  }

  /** The final rows of one output, by key. */
  static Map<String, Row> rows(String output) {
    return new TreeMap<>(FINAL.getOrDefault(output, Map.of()));
  }
}
