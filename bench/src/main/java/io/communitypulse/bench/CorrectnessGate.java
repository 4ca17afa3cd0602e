package io.communitypulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.sink.Aliases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.types.Row;

/**
 * The correctness gate: before any speed figure counts, J and B must agree on what both compute
 * from the same input.
 *
 * <ul>
 *   <li>Sessions: the same set of (community, actor, start), and for each the same end and number
 *       of events. J's are its final session documents; B's the rows of its session window.
 *   <li>Members: the same set of (community, member), and for each, in both the 7- and the 28-day
 *       window, the same active days, sessions, session minutes (within 1e-6), page views, posts,
 *       replies, reactions given and shares. J's are its final member documents.
 * </ul>
 *
 * <p>What it does not compare: what only J computes (stitching, credits received, referrals,
 * scores, community documents, live states). The input is built so that stitching is a no-op
 * ({@link BenchInput}); on any other input the two would rightly differ. One SPEC §4 rule has no
 * SQL counterpart: the 12 h maximum session length. Actors whose activity J cut at that maximum
 * (two consecutive sessions less than a gap apart) are left out of both comparisons and counted.
 */
final class CorrectnessGate {

  static final String[] MEMBER_FIELDS = {
    "active_days",
    "sessions",
    "session_minutes",
    "page_views",
    "posts",
    "replies",
    "reactions_given",
    "shares"
  };

  /** SPEC §4's default gap, which both J and B use. */
  static final long GAP_MILLIS = PulseConfig.defaults().sessionGap().toMillis();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 10;

  /** The verdict: what was compared and every difference found (the first few described). */
  record Verdict(
      int sessionsJ,
      int sessionsB,
      int membersJ,
      int membersB,
      int actorsCutAtMaxLength,
      long differences,
      List<String> shown) {
    boolean passed() {
      return differences == 0 && sessionsJ > 0 && membersJ > 0;
    }
  }

  private CorrectnessGate() {}

  /** Compares what the last kept J run wrote with what the last kept B run emitted. */
  static Verdict fromLedgers() {
    String prefix = PulseConfig.defaults().indexPrefix();
    Map<String, Map<String, Double>> sessionsJ = new TreeMap<>();
    BulkLedger.documents(Aliases.prefixed(prefix, Aliases.SESSIONS))
        .forEach(
            (id, source) -> {
              JsonNode doc = parse(source);
              sessionsJ.put(
                  doc.get("community_id").asText()
                      + "/"
                      + doc.get("actor").asText()
                      + "/"
                      + doc.get("start").asLong(),
                  session(doc.get("end").asLong(), doc.get("events").asLong()));
            });
    Map<String, Map<String, Double>> sessionsB = new TreeMap<>();
    BaselineLedger.rows(BaselineLedger.SESSIONS)
        .forEach(
            (key, row) ->
                sessionsB.put(
                    key, session((Long) row.getFieldAs("s_end"), (Long) row.getFieldAs("events"))));

    Map<String, Map<String, Double>> membersJ = new TreeMap<>();
    BulkLedger.documents(Aliases.prefixed(prefix, Aliases.MEMBERS))
        .forEach(
            (id, source) -> {
              JsonNode doc = parse(source);
              Map<String, Double> fields = new LinkedHashMap<>();
              for (String window : new String[] {"d7", "d28"}) {
                for (String f : MEMBER_FIELDS) {
                  fields.put(window + "." + f, doc.get(window).get(f).asDouble());
                }
              }
              membersJ.put(id, fields);
            });
    Map<String, Map<String, Double>> membersB = new TreeMap<>();
    Map<String, Row> sessionCounts = BaselineLedger.rows(BaselineLedger.MEMBER_SESSIONS);
    BaselineLedger.rows(BaselineLedger.MEMBER_EVENTS)
        .forEach(
            (key, row) -> {
              Row sessions = sessionCounts.get(key);
              Map<String, Double> fields = new LinkedHashMap<>();
              for (int days : new int[] {7, 28}) {
                for (String f : MEMBER_FIELDS) {
                  Row from = f.startsWith("session") ? sessions : row;
                  Object value = from == null ? null : from.getField(f + "_" + days);
                  fields.put(
                      "d" + days + "." + f, value == null ? 0 : ((Number) value).doubleValue());
                }
              }
              membersB.put(key, fields);
            });
    return compare(sessionsJ, sessionsB, membersJ, membersB);
  }

  /** Compares J's and B's sessions and members, each keyed and given as named figures. */
  static Verdict compare(
      Map<String, Map<String, Double>> sessionsJ,
      Map<String, Map<String, Double>> sessionsB,
      Map<String, Map<String, Double>> membersJ,
      Map<String, Map<String, Double>> membersB) {
    Set<String> cut = cutAtMaxLength(sessionsJ, GAP_MILLIS);
    sessionsJ = without(sessionsJ, cut, true);
    sessionsB = without(sessionsB, cut, true);
    membersJ = without(membersJ, cut, false);
    membersB = without(membersB, cut, false);
    List<String> shown = new ArrayList<>();
    long differences =
        differences("session", sessionsJ, sessionsB, shown)
            + differences("member", membersJ, membersB, shown);
    return new Verdict(
        sessionsJ.size(),
        sessionsB.size(),
        membersJ.size(),
        membersB.size(),
        cut.size(),
        differences,
        shown);
  }

  /**
   * The community/actor pairs with two consecutive sessions less than a gap apart: only the 12 h
   * maximum length can have cut those, a rule a SQL session window does not have.
   */
  static Set<String> cutAtMaxLength(Map<String, Map<String, Double>> sessions, long gapMillis) {
    Map<String, TreeMap<Long, Double>> byActor = new TreeMap<>();
    sessions.forEach(
        (key, figures) ->
            byActor
                .computeIfAbsent(actorOf(key), a -> new TreeMap<>())
                .put(Long.parseLong(key.substring(key.lastIndexOf('/') + 1)), figures.get("end")));
    Set<String> cut = new TreeSet<>();
    byActor.forEach(
        (actor, starts) -> {
          Double previousEnd = null;
          for (Map.Entry<Long, Double> s : starts.entrySet()) {
            if (previousEnd != null && s.getKey() - previousEnd < gapMillis) {
              cut.add(actor);
            }
            previousEnd = s.getValue();
          }
        });
    return cut;
  }

  private static String actorOf(String sessionKey) {
    return sessionKey.substring(0, sessionKey.lastIndexOf('/'));
  }

  private static Map<String, Map<String, Double>> without(
      Map<String, Map<String, Double>> figures, Set<String> actors, boolean sessionKeys) {
    if (actors.isEmpty()) {
      return figures;
    }
    Map<String, Map<String, Double>> out = new TreeMap<>();
    figures.forEach(
        (key, value) -> {
          if (!actors.contains(sessionKeys ? actorOf(key) : key)) {
            out.put(key, value);
          }
        });
    return out;
  }

  private static long differences(
      String what,
      Map<String, Map<String, Double>> j,
      Map<String, Map<String, Double>> b,
      List<String> shown) {
    long n = 0;
    TreeSet<String> keys = new TreeSet<>(j.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      Map<String, Double> fromJ = j.get(key);
      Map<String, Double> fromB = b.get(key);
      String difference = null;
      if (fromJ == null) {
        difference = what + " " + key + " only in B: " + fromB;
      } else if (fromB == null) {
        difference = what + " " + key + " only in J: " + fromJ;
      } else {
        for (Map.Entry<String, Double> field : fromJ.entrySet()) {
          Double other = fromB.get(field.getKey());
          if (other == null || Math.abs(other - field.getValue()) > 1e-6) {
            difference =
                what + " " + key + ": " + field.getKey() + " J=" + field.getValue() + " B=" + other;
            break;
          }
        }
      }
      if (difference != null) {
        n++;
        if (shown.size() < SHOWN) {
          shown.add(difference);
        }
      }
    }
    return n;
  }

  private static Map<String, Double> session(long end, long events) {
    Map<String, Double> fields = new LinkedHashMap<>();
    fields.put("end", (double) end);
    fields.put("events", (double) events);
    return fields;
  }

  private static JsonNode parse(byte[] source) {
    try {
      return JSON.readTree(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
