package io.communitypulse.collector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which community each write key belongs to, parsed from {@code collector.write-keys} ({@code
 * community:key,community:key}). A community may have several keys (to rotate one without
 * downtime); a key belongs to exactly one community. A key used in a web page is public (anyone can
 * read the page): it limits a sender to one community's events, and the allowed origins keep other
 * sites' pages from using it in their visitors' browsers.
 *
 * <p>Keys are kept and looked up by their SHA-256, so the time a lookup takes says nothing about
 * how much of a guessed key was right, and a heap dump holds no key. {@link #toString()} shows the
 * communities only.
 */
public final class WriteKeys {

  private final Map<String, String> communityByKeyHash;
  private final Set<String> communities;

  private WriteKeys(Map<String, String> communityByKeyHash) {
    this.communityByKeyHash = Map.copyOf(communityByKeyHash);
    this.communities = Set.copyOf(communityByKeyHash.values());
  }

  /** Parses {@code community:key,community:key}; blank means no keys (every request is 401). */
  public static WriteKeys parse(String text) {
    Map<String, String> byHash = new HashMap<>();
    for (CommunityEntries.Entry entry :
        CommunityEntries.parse(
            CollectorOption.WRITE_KEYS, text, "community:key,community:key", true)) {
      String community = entry.community();
      String key = entry.value();
      if (key.isEmpty()) {
        throw new InvalidSettingException(
            CollectorOption.WRITE_KEYS.key() + ": the key of " + community + " is empty");
      }
      String previous = byHash.put(hash(key), community);
      if (previous != null && !previous.equals(community)) {
        throw new InvalidSettingException(
            CollectorOption.WRITE_KEYS.key()
                + ": one key is given to both "
                + previous
                + " and "
                + community);
      }
    }
    return new WriteKeys(byHash);
  }

  /** The community {@code key} writes for; empty for a missing or unknown key. */
  public Optional<String> communityOf(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(communityByKeyHash.get(hash(key)));
  }

  /** The communities that have at least one key. */
  public Set<String> communities() {
    return communities;
  }

  private static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "WriteKeys" + new TreeSet<>(communities) + " (keys not shown)";
  }
}
