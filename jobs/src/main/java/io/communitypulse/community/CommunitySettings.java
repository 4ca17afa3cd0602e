package io.communitypulse.community;

import java.io.Serializable;
import java.time.Duration;

/**
 * How community documents are computed and refreshed ({@code community.*}, {@code health.*} and
 * {@code value.*} options, docs/configuration.md).
 *
 * @param refreshInterval the least processing time between two rebuilds of a community's daily
 *     documents; zero rebuilds them at every watermark advance
 * @param health the constants of the health index
 * @param value the thresholds of the value quadrant
 */
public record CommunitySettings(
    Duration refreshInterval, HealthSettings health, ValueThresholds value)
    implements Serializable {

  public CommunitySettings {
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refresh interval must not be negative");
    }
  }

  public CommunitySettings withRefreshInterval(Duration interval) {
    return new CommunitySettings(interval, health, value);
  }
}
