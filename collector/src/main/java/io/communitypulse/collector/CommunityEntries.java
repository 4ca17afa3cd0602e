package io.communitypulse.collector;

import io.communitypulse.wire.EventValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code community:value,community:value} form of the settings that hold something per
 * community ({@code collector.write-keys}, {@code collector.origins}; docs/configuration.md,
 * "Collector"): one parser, so the two read blanks, spaces and bad community ids alike.
 */
final class CommunityEntries {

  /** One {@code community:value} entry, both trimmed. */
  record Entry(String community, String value) {}

  private CommunityEntries() {}

  /**
   * The entries of {@code text}, in order; blank gives none.
   *
   * @param shape the setting's form, for the message of a bad entry
   * @param secret true when values are secrets: a bad entry's message never quotes it
   */
  static List<Entry> parse(CollectorOption option, String text, String shape, boolean secret) {
    List<Entry> entries = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return entries;
    }
    for (String raw : text.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      String community = colon < 0 ? "" : item.substring(0, colon).trim();
      if (!EventValidator.isValidCommunityId(community)) {
        throw new InvalidSettingException(
            option.key()
                + ": "
                + (secret ? "an entry" : "'" + item + "'")
                + " does not start with a valid community id and ':' ("
                + shape
                + ")");
      }
      entries.add(new Entry(community, item.substring(colon + 1).trim()));
    }
    return entries;
  }
}
