package io.communitypulse.infra.kibana;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Elasticsearch field types suit each way a dashboard uses a field: a date histogram needs a
 * date, sums and averages need numbers, top values need a keyword, boolean or number (a {@code
 * text} field cannot be aggregated), a count or a query only needs the field to exist. An operation
 * not listed here is reported, so a new kind of chart gets a rule before it ships.
 */
final class FieldTypeRules {

  static final Set<String> NUMERIC =
      Set.of(
          "long",
          "integer",
          "short",
          "byte",
          "double",
          "float",
          "half_float",
          "scaled_float",
          "unsigned_long");
  static final Set<String> DATE = Set.of("date", "date_nanos");
  static final Set<String> KEYWORD = Set.of("keyword", "constant_keyword", "wildcard", "ip");
  static final Set<String> BOOLEAN = Set.of("boolean");

  private static final Set<String> ANY = Set.of();

  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("date_histogram", DATE),
          Map.entry(FieldUse.USE_TIME_FIELD, DATE),
          Map.entry(FieldUse.USE_SORT, DATE),
          Map.entry("sum", NUMERIC),
          Map.entry("average", NUMERIC),
          Map.entry("min", NUMERIC),
          Map.entry("max", NUMERIC),
          Map.entry("median", NUMERIC),
          Map.entry("percentile", NUMERIC),
          Map.entry("percentile_rank", NUMERIC),
          Map.entry("standard_deviation", NUMERIC),
          Map.entry("range", NUMERIC),
          Map.entry("terms", union(KEYWORD, BOOLEAN, NUMERIC)),
          Map.entry("unique_count", union(KEYWORD, NUMERIC)),
          Map.entry("last_value", union(KEYWORD, BOOLEAN, NUMERIC, DATE)),
          Map.entry("count", ANY),
          Map.entry(FieldUse.USE_QUERY, ANY),
          Map.entry(FieldUse.USE_DISPLAY, ANY));

  private FieldTypeRules() {}

  /** What is wrong with a use, given the field types of its data view; empty when it suits. */
  static Optional<String> problem(FieldUse use, Map<String, String> fieldTypes) {
    String type = fieldTypes.get(use.field());
    if (type == null) {
      return Optional.of(use + ": no such field in the index template");
    }
    Set<String> allowed = ALLOWED.get(use.use());
    if (allowed == null) {
      return Optional.of(use + ": no type rule for operation " + use.use() + "; add one");
    }
    if (!allowed.isEmpty() && !allowed.contains(type)) {
      return Optional.of(
          use
              + ": field type "
              + type
              + " does not suit "
              + use.use()
              + ", needs one of "
              // Sorted: Set.of iterates in an order that changes from run to run.
              + new TreeSet<>(allowed));
    }
    return Optional.empty();
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }
}
