package io.communitypulse.community;

import java.io.Serializable;
import java.util.Map;

/**
 * Where a community day sits between the community's interest and the business's
 * (docs/indicators.md, "Value"): healthy when health_index reaches the health threshold, valuable
 * when referral_conversions_28d reaches the conversions threshold. Both have a default and may be
 * set per community ({@code value.*} options, docs/configuration.md).
 *
 * @param healthThreshold the default health threshold H
 * @param conversionsThreshold the default conversions threshold V
 * @param healthByCommunity per-community values of H
 * @param conversionsByCommunity per-community values of V
 */
public record ValueThresholds(
    double healthThreshold,
    double conversionsThreshold,
    Map<String, Double> healthByCommunity,
    Map<String, Double> conversionsByCommunity)
    implements Serializable {

  public static final ValueThresholds DEFAULTS = new ValueThresholds(60, 1, Map.of(), Map.of());

  public ValueThresholds {
    healthByCommunity = Map.copyOf(healthByCommunity);
    conversionsByCommunity = Map.copyOf(conversionsByCommunity);
    checkFinite(healthThreshold);
    checkFinite(conversionsThreshold);
    healthByCommunity.values().forEach(ValueThresholds::checkFinite);
    conversionsByCommunity.values().forEach(ValueThresholds::checkFinite);
  }

  /**
   * {@code productive}, {@code engaged_only}, {@code marketing_only} or {@code struggling}; null
   * when the health index is null.
   */
  public String quadrant(String communityId, Double healthIndex, long referralConversions28d) {
    if (healthIndex == null) {
      return null;
    }
    boolean healthy = healthIndex >= healthByCommunity.getOrDefault(communityId, healthThreshold);
    boolean valuable =
        referralConversions28d
            >= conversionsByCommunity.getOrDefault(communityId, conversionsThreshold);
    if (healthy) {
      return valuable ? "productive" : "engaged_only";
    }
    return valuable ? "marketing_only" : "struggling";
  }

  private static void checkFinite(double threshold) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("a value threshold must be a finite number");
    }
  }
}
