package io.communitypulse.sink;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the Elasticsearch aliases Community Pulse writes and Kibana reads, and how an index
 * prefix applies to them.
 *
 * <p>A prefix is prepended as is ({@code "t123-"} gives {@code t123-pulse-sessions}), the same way
 * the job builds its alias names, so tests can give every run its own set of indices on one shared
 * node. Every alias points to one concrete, versioned index ({@link #concreteIndex}), the write
 * index, so a future reindex can build {@code -v2} and swap the alias without the job noticing.
 */
public final class Aliases {

  /** Session documents (docs/semantics.md, "Sessions"). */
  public static final String SESSIONS = "pulse-sessions";

  /** Member indicator documents (docs/indicators.md, "Member indicators"). */
  public static final String MEMBERS = "pulse-members";

  /** Daily community documents (docs/indicators.md, "Community indicators"). */
  public static final String COMMUNITIES = "pulse-communities";

  /** Every alias, in setup order. */
  public static final List<String> ALL = List.of(SESSIONS, MEMBERS, COMMUNITIES);

  /** The generation of the concrete indices behind the aliases; bump it when a reindex is due. */
  public static final String INDEX_GENERATION = "v1";

  // Elasticsearch index names are lowercase and may not start with '-', '_' or '+'.
  private static final Pattern PREFIX = Pattern.compile("([a-z0-9][a-z0-9._-]*)?");

  private Aliases() {}

  /** {@code prefix + alias}; an empty or null prefix leaves the alias unchanged. */
  public static String prefixed(String prefix, String alias) {
    return checkPrefix(prefix) + alias;
  }

  /** The concrete index behind {@code prefix + alias}, e.g. {@code t123-pulse-sessions-v1}. */
  public static String concreteIndex(String prefix, String alias) {
    return prefixed(prefix, alias) + "-" + INDEX_GENERATION;
  }

  /** Returns the prefix ("" for null) or fails with a message naming what is wrong with it. */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "index prefix '"
              + prefix
              + "' is not a valid start of an Elasticsearch index name: use lowercase letters,"
              + " digits, '.', '_' or '-', not starting with '.', '_' or '-'");
    }
    return prefix;
  }
}
