package io.communitypulse.community;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The constants of the health index (docs/indicators.md, "The health index"): the weight of each
 * component, the component values at which a score is full, and the first-response times at which
 * the speed score is full and zero. {@link #DEFAULTS} holds the documented defaults; {@code
 * PulseConfig} builds others from the {@code health.*} options.
 *
 * @param stickinessWeight weight of min(1, stickiness ÷ fullStickiness)
 * @param responsivenessWeight weight of response_rate_24h_7d
 * @param speedWeight weight of the speed score of median_first_response_minutes_7d
 * @param reciprocityWeight weight of min(1, reciprocity_28d ÷ fullReciprocity)
 * @param contributionWeight weight of min(1, (creators + contributors) ÷ active_members_28d ÷
 *     fullContribution)
 * @param fastResponseMinutes the median first response at or below which speed scores 1
 * @param slowResponseMinutes the median first response at or above which speed scores 0
 */
public record HealthSettings(
    double stickinessWeight,
    double responsivenessWeight,
    double speedWeight,
    double reciprocityWeight,
    double contributionWeight,
    double fullStickiness,
    double fullReciprocity,
    double fullContribution,
    double fastResponseMinutes,
    double slowResponseMinutes)
    implements Serializable {

  public static final HealthSettings DEFAULTS =
      new HealthSettings(25, 25, 15, 15, 20, 0.3, 0.5, 0.3, 60, 1440);

  /** The component names of the {@code health.weights} option, in the order of the record. */
  public static final String[] COMPONENTS = {
    "stickiness", "responsiveness", "speed", "reciprocity", "contribution"
  };

  public HealthSettings {
    for (double w :
        new double[] {
          stickinessWeight, responsivenessWeight, speedWeight, reciprocityWeight, contributionWeight
        }) {
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException("a health weight must be a number >= 0, got " + w);
      }
    }
    for (double full : new double[] {fullStickiness, fullReciprocity, fullContribution}) {
      if (!Double.isFinite(full) || full <= 0) {
        throw new IllegalArgumentException("a full-score value must be > 0, got " + full);
      }
    }
    if (!(fastResponseMinutes >= 0 && fastResponseMinutes < slowResponseMinutes)
        || !Double.isFinite(slowResponseMinutes)) {
      throw new IllegalArgumentException(
          "fast response minutes must be >= 0 and below slow response minutes, got "
              + fastResponseMinutes
              + " and "
              + slowResponseMinutes);
    }
  }

  /**
   * The settings with the weights of {@link #COMPONENTS} named in {@code weights} replaced (the
   * {@code health.weights} option) and the other constants given.
   */
  public static HealthSettings of(
      Map<String, Double> weights,
      double fullStickiness,
      double fullReciprocity,
      double fullContribution,
      double fastResponseMinutes,
      double slowResponseMinutes) {
    for (String name : weights.keySet()) {
      if (!List.of(COMPONENTS).contains(name)) {
        throw new IllegalArgumentException(
            "unknown health component '"
                + name
                + "', expected one of "
                + String.join(", ", COMPONENTS));
      }
    }
    return new HealthSettings(
        weights.getOrDefault("stickiness", DEFAULTS.stickinessWeight),
        weights.getOrDefault("responsiveness", DEFAULTS.responsivenessWeight),
        weights.getOrDefault("speed", DEFAULTS.speedWeight),
        weights.getOrDefault("reciprocity", DEFAULTS.reciprocityWeight),
        weights.getOrDefault("contribution", DEFAULTS.contributionWeight),
        fullStickiness,
        fullReciprocity,
        fullContribution,
        fastResponseMinutes,
        slowResponseMinutes);
  }
}
