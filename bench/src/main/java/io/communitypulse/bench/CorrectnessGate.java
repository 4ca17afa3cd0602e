package io.communitypulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.sink.Aliases;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
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
 *       replies, reactions given and shares, and the same {@code first_seen}. J's are its final
 *       member documents.
 *   <li>Community days: J's {@code pulse-communities} documents must be exactly one per community
 *       and UTC day from the community's first day with an event to the as-of day
 *       (docs/semantics.md, "Two-phase community figures"), each with B's {@code
 *       active_members_1d/_7d/_28d}, {@code visitors_1d}, {@code new_members_1d}, {@code posts},
 *       {@code replies} and {@code shares}. B has no row for a day without events (or, for the
 *       rolling figures, without anybody active in the window): there each figure is 0.
 * </ul>
 *
 * <p>What it does not compare: what only J computes (stitching, credits received, referrals,
 * scores, levels, stickiness, responsiveness, reciprocity, the health index, live states). The
 * input is built so that stitching is a no-op ({@link BenchInput}); on any other input the two
 * would rightly differ. One session rule (docs/semantics.md, "Sessions") has no SQL counterpart:
 * the 12 h maximum session length. Actors whose activity J cut at that maximum (two consecutive
 * sessions less than a gap apart) are left out of the session and member comparisons and counted;
 * community days do not depend on sessions.
 */
final class CorrectnessGate {

  /** The window fields of the member document B computes too, by their names in the document. */
  static final String[] MEMBER_FIELDS =
      Stream.of(
              Field.ACTIVE,
              Field.SESSIONS,
              Field.SESSION_MINUTES,
              Field.PAGE_VIEWS,
              Field.POSTS,
              Field.REPLIES,
              Field.REACTIONS_GIVEN,
              Field.SHARES)
          .map(Field::jsonName)
          .toArray(String[]::new);

  /** The community-day figures B computes too (docs/indicators.md, "Community indicators"). */
  static final String[] COMMUNITY_FIELDS = {
    "active_members_1d",
    "active_members_7d",
    "active_members_28d",
    "visitors_1d",
    "new_members_1d",
    "posts",
    "replies",
    "shares"
  };

  /** The parts of B's output a community day is made of. */
  static final String[] COMMUNITY_OUTPUTS = {
    BaselineLedger.COMMUNITY_DAYS,
    BaselineLedger.COMMUNITY_7D,
    BaselineLedger.COMMUNITY_28D,
    BaselineLedger.COMMUNITY_NEW_MEMBERS
  };

  /**
   * The default session gap (docs/configuration.md, {@code session.gap}), which both J and B use.
   */
  static final long GAP_MILLIS = PulseConfig.defaults().sessions().gap().toMillis();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Differences described per kind (sessions, members, community days); the rest are counted. */
  private static final int SHOWN = 5;

  /**
   * The verdict: what was compared and every difference found, per kind (the first few of each
   * described).
   */
  record Verdict(
      int sessionsJ,
      int sessionsB,
      int membersJ,
      int membersB,
      int communityDaysJ,
      int communityDaysB,
      int actorsCutAtMaxLength,
      long sessionDifferences,
      long memberDifferences,
      long communityDayDifferences,
      List<String> shown) {

    long differences() {
      return sessionDifferences + memberDifferences + communityDayDifferences;
    }

    boolean passed() {
      return differences() == 0 && sessionsJ > 0 && membersJ > 0 && communityDaysJ > 0;
    }
  }

  private CorrectnessGate() {}

  /**
   * Compares what the last kept J run wrote with what the last kept B run emitted, over an input
   * whose as-of day is {@code asOf}; with {@code out} not null, also writes every compared figure
   * of both sides there ({@link #write}), to check differences against the input by hand.
   */
  static Verdict fromLedgers(LocalDate asOf, Path out) throws IOException {
    String prefix = PulseConfig.defaults().elasticsearch().indexPrefix();
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
                  fields.put(window + "." + f, number(doc.get(window).get(f)));
                }
              }
              fields.put("first_seen", number(doc.get("first_seen")));
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
              fields.put("first_seen", ((Number) row.getFieldAs("first_seen")).doubleValue());
              membersB.put(key, fields);
            });

    Map<String, Map<String, Double>> communityDaysJ = new TreeMap<>();
    BulkLedger.documents(Aliases.prefixed(prefix, Aliases.COMMUNITIES))
        .forEach(
            (id, source) -> {
              JsonNode doc = parse(source);
              Map<String, Double> fields = new LinkedHashMap<>();
              for (String f : COMMUNITY_FIELDS) {
                fields.put(f, number(doc.get(f)));
              }
              communityDaysJ.put(
                  doc.get("community_id").asText() + "/" + doc.get("day").asText(), fields);
            });
    List<Map<String, Map<String, Double>>> parts = new ArrayList<>();
    for (String output : COMMUNITY_OUTPUTS) {
      parts.add(figures(BaselineLedger.rows(output)));
    }
    Map<String, Map<String, Double>> communityDaysB = expectedCommunityDays(parts, asOf);
    if (out != null) {
      Files.createDirectories(out);
      write(out.resolve("members.tsv"), membersJ, membersB);
      write(out.resolve("community-days.tsv"), communityDaysJ, communityDaysB);
    }
    return compare(sessionsJ, sessionsB, membersJ, membersB, communityDaysJ, communityDaysB);
  }

  /**
   * One line per key of either side and one column per figure and side: {@code key, <figure> J,
   * <figure> B, ...}; an empty cell where a side has no such key or figure.
   */
  static void write(
      Path file, Map<String, Map<String, Double>> j, Map<String, Map<String, Double>> b)
      throws IOException {
    TreeSet<String> keys = new TreeSet<>(j.keySet());
    keys.addAll(b.keySet());
    Set<String> fields = new java.util.LinkedHashSet<>();
    j.values().stream().findFirst().ifPresent(f -> fields.addAll(f.keySet()));
    b.values().stream().findFirst().ifPresent(f -> fields.addAll(f.keySet()));
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("key");
      for (String f : fields) {
        w.write("\t" + f + " J\t" + f + " B");
      }
      w.newLine();
      for (String key : keys) {
        w.write(key);
        for (String f : fields) {
          for (Map<String, Map<String, Double>> side : List.of(j, b)) {
            Double v = side.getOrDefault(key, Map.of()).get(f);
            w.write("\t" + (v == null ? "" : text(v)));
          }
        }
        w.newLine();
      }
    }
  }

  /**
   * The community documents B's rows call for: one per community and day from the first day any
   * part has a row for to {@code asOf}, each with every {@link #COMMUNITY_FIELDS} figure, 0 where
   * no part has a row (a day without events, a window without anybody active).
   *
   * @param parts B's outputs keyed {@code <community>/<yyyy-mm-dd>}, each with some of the figures
   */
  static Map<String, Map<String, Double>> expectedCommunityDays(
      List<Map<String, Map<String, Double>>> parts, LocalDate asOf) {
    Map<String, LocalDate> firstDay = new TreeMap<>();
    for (Map<String, Map<String, Double>> part : parts) {
      for (String key : part.keySet()) {
        int slash = key.lastIndexOf('/');
        LocalDate day = LocalDate.parse(key.substring(slash + 1));
        firstDay.merge(key.substring(0, slash), day, (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    Map<String, Map<String, Double>> out = new TreeMap<>();
    firstDay.forEach(
        (community, first) -> {
          for (LocalDate day = first; !day.isAfter(asOf); day = day.plusDays(1)) {
            String key = community + "/" + day;
            Map<String, Double> fields = new LinkedHashMap<>();
            for (String f : COMMUNITY_FIELDS) {
              fields.put(f, 0.0);
            }
            for (Map<String, Map<String, Double>> part : parts) {
              Map<String, Double> figures = part.get(key);
              if (figures != null) {
                figures.forEach(
                    (f, v) -> {
                      if (fields.containsKey(f)) {
                        fields.put(f, v);
                      }
                    });
              }
            }
            out.put(key, fields);
          }
        });
    return out;
  }

  /**
   * Compares J's and B's sessions, members and community days, each keyed and given as named
   * figures.
   */
  static Verdict compare(
      Map<String, Map<String, Double>> sessionsJ,
      Map<String, Map<String, Double>> sessionsB,
      Map<String, Map<String, Double>> membersJ,
      Map<String, Map<String, Double>> membersB,
      Map<String, Map<String, Double>> communityDaysJ,
      Map<String, Map<String, Double>> communityDaysB) {
    Set<String> cut = cutAtMaxLength(sessionsJ, GAP_MILLIS);
    sessionsJ = without(sessionsJ, cut, true);
    sessionsB = without(sessionsB, cut, true);
    membersJ = without(membersJ, cut, false);
    membersB = without(membersB, cut, false);
    List<String> shown = new ArrayList<>();
    long sessionDifferences = differences("session", sessionsJ, sessionsB, shown);
    long memberDifferences = differences("member", membersJ, membersB, shown);
    long communityDayDifferences =
        differences("community day", communityDaysJ, communityDaysB, shown);
    return new Verdict(
        sessionsJ.size(),
        sessionsB.size(),
        membersJ.size(),
        membersB.size(),
        communityDaysJ.size(),
        communityDaysB.size(),
        cut.size(),
        sessionDifferences,
        memberDifferences,
        communityDayDifferences,
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
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Double> field : fromJ.entrySet()) {
          Double mine = field.getValue();
          Double other = fromB.get(field.getKey());
          if (mine == null || other == null ? mine != other : Math.abs(other - mine) > 1e-6) {
            fields.add(field.getKey() + " J=" + text(mine) + " B=" + text(other));
          }
        }
        if (!fields.isEmpty()) {
          difference = what + " " + key + ": " + String.join(", ", fields);
        }
      }
      if (difference != null) {
        if (n < SHOWN) {
          shown.add(difference);
        }
        n++;
      }
    }
    return n;
  }

  /** A figure as the report shows it: whole numbers without a fraction. */
  private static String text(Double v) {
    if (v == null) {
      return "null";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : v.toString();
  }

  /** A JSON figure as a double; null when absent or null. */
  private static Double number(JsonNode node) {
    return node == null || node.isNull() ? null : node.asDouble();
  }

  /**
   * B's rows of one output as named figures: every numeric field by name, keyed {@code <field
   * 0>/<field 1>} as in the {@link BaselineLedger}.
   */
  static Map<String, Map<String, Double>> figures(Map<String, Row> rows) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    rows.forEach(
        (key, row) -> {
          Map<String, Double> fields = new LinkedHashMap<>();
          for (String name : row.getFieldNames(true)) {
            if (row.getField(name) instanceof Number v) {
              fields.put(name, v.doubleValue());
            }
          }
          out.put(key, fields);
        });
    return out;
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
