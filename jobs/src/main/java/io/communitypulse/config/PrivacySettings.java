package io.communitypulse.config;

import io.communitypulse.ingest.UrlMemberIds;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * What the product keeps about people and for how long ({@code privacy.*}, {@code erasure.*} and
 * {@code retention.*} options, docs/privacy.md). {@link #toString()} never shows the HMAC key.
 *
 * @param memberIdHmacKey when present, every member id is replaced by its keyed HMAC-SHA256 before
 *     anything is stored
 * @param memberUrlIds where member ids hide inside page and referrer URLs
 * @param suppressFor how long after an erasure request the member's events are dropped; zero turns
 *     suppression off
 * @param sessionRetention session documents starting longer ago than this are deleted
 * @param memberRetention member documents of members silent for longer than this are deleted
 */
public record PrivacySettings(
    Optional<String> memberIdHmacKey,
    UrlMemberIds memberUrlIds,
    Duration suppressFor,
    Duration sessionRetention,
    Duration memberRetention) {

  /** The defaults of {@link PulseOptions}. */
  public static PrivacySettings defaults() {
    return from(new Configuration());
  }

  static PrivacySettings from(Configuration conf) {
    return new PrivacySettings(
        conf.getOptional(PulseOptions.MEMBER_ID_HMAC_KEY).filter(k -> !k.isBlank()),
        memberUrlIds(conf),
        OptionValues.notNegative(conf, PulseOptions.ERASURE_SUPPRESS_FOR),
        OptionValues.positive(conf, PulseOptions.RETENTION_SESSIONS),
        OptionValues.positive(conf, PulseOptions.RETENTION_MEMBERS));
  }

  private static UrlMemberIds memberUrlIds(Configuration conf) {
    try {
      return new UrlMemberIds(conf.get(PulseOptions.MEMBER_URL_PATTERNS));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          PulseOptions.MEMBER_URL_PATTERNS.key() + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "PrivacySettings{memberIdHmac="
        + (memberIdHmacKey.isPresent() ? "on" : "off")
        + ", memberUrlIds="
        + memberUrlIds.patterns()
        + ", suppressFor="
        + suppressFor
        + ", sessionRetention="
        + sessionRetention
        + ", memberRetention="
        + memberRetention
        + "}";
  }
}
