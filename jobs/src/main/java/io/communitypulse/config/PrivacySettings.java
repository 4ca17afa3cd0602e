package io.communitypulse.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * How long the product keeps what it knows about people (docs/privacy.md).
 *
 * @param suppressFor how long after an erasure request the member's events are dropped; zero turns
 *     suppression off
 * @param sessionRetention session documents starting longer ago than this are deleted
 * @param memberRetention member documents of members silent for longer than this are deleted
 */
public record PrivacySettings(
    Duration suppressFor, Duration sessionRetention, Duration memberRetention) {

  /** The defaults of {@link PulseOptions}. */
  public static PrivacySettings defaults() {
    return from(new Configuration());
  }

  static PrivacySettings from(Configuration conf) {
    return new PrivacySettings(
        notNegative(conf, PulseOptions.ERASURE_SUPPRESS_FOR),
        positive(conf, PulseOptions.RETENTION_SESSIONS),
        positive(conf, PulseOptions.RETENTION_MEMBERS));
  }

  private static Duration notNegative(Configuration conf, ConfigOption<Duration> option) {
    Duration value = conf.get(option);
    if (value.isNegative()) {
      throw new InvalidConfigException(option.key() + " must not be negative");
    }
    return value;
  }

  private static Duration positive(Configuration conf, ConfigOption<Duration> option) {
    Duration value = conf.get(option);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(option.key() + " must be positive");
    }
    return value;
  }
}
