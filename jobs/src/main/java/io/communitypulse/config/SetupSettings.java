package io.communitypulse.config;

import io.communitypulse.wire.EventValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * What {@code ./pulse setup} needs beyond the job's own settings: how to create topics, where
 * Kibana is, and which communities get their own aliases, role and Kibana space.
 *
 * @param topicReplicationFactor replication factor of created topics
 * @param kibanaUrl Kibana's URL, empty to skip Kibana
 * @param communities community ids in the order given, without duplicates, each a valid {@code
 *     community_id}
 */
public record SetupSettings(
    short topicReplicationFactor, Optional<String> kibanaUrl, List<String> communities) {

  public SetupSettings {
    communities = List.copyOf(communities);
  }

  static SetupSettings from(Configuration conf) {
    int replication = conf.get(PulseOptions.TOPIC_REPLICATION_FACTOR);
    if (replication < 1 || replication > Short.MAX_VALUE) {
      throw new InvalidConfigException(
          PulseOptions.TOPIC_REPLICATION_FACTOR.key() + " must be at least 1, was " + replication);
    }
    return new SetupSettings(
        (short) replication,
        conf.getOptional(PulseOptions.KIBANA_URL).map(String::trim).filter(u -> !u.isEmpty()),
        communities(conf.get(PulseOptions.TENANCY_COMMUNITIES)));
  }

  // Flink lists split on ';'; a comma-separated list (the natural thing on a command line) works
  // too.
  private static List<String> communities(List<String> raw) {
    Set<String> ids = new LinkedHashSet<>();
    for (String entry : raw) {
      for (String id : entry.split(",")) {
        String trimmed = id.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!EventValidator.COMMUNITY_ID_PATTERN.matcher(trimmed).matches()) {
          throw new InvalidConfigException(
              PulseOptions.TENANCY_COMMUNITIES.key()
                  + ": '"
                  + trimmed
                  + "' is not a community id (must match "
                  + EventValidator.COMMUNITY_ID_REGEX
                  + ")");
        }
        ids.add(trimmed);
      }
    }
    return new ArrayList<>(ids);
  }
}
