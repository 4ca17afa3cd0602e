package io.communitypulse.community;

/**
 * The {@code health_index} of a community day (SPEC §5 leaves its definition to the docs): a 0–100
 * weighted mean of five component scores, each in [0, 1].
 *
 * <pre>
 * component        weight  score
 * stickiness         25    min(1, stickiness / 0.3)
 * response rate      25    response_rate_24h
 * responsiveness     15    1 at median_first_response_minutes ≤ 60, linear to 0 at ≥ 1440
 * reciprocity        15    min(1, reciprocity_28d / 0.5)
 * contribution       20    min(1, (creators + contributors) / active_members_28d / 0.3)
 *
 * health_index = round(100 × Σ weight·score / Σ weight, 1 decimal)
 * </pre>
 *
 * A component whose input is null (no posts that day, nobody active in 28 days, ...) is left out
 * and the weights of the others re-normalised, so a quiet but healthy community is not punished for
 * what cannot be measured; when every component is null the index is null.
 */
public final class HealthIndex {

  static final double STICKINESS_WEIGHT = 25;
  static final double RESPONSE_RATE_WEIGHT = 25;
  static final double RESPONSIVENESS_WEIGHT = 15;
  static final double RECIPROCITY_WEIGHT = 15;
  static final double CONTRIBUTION_WEIGHT = 20;

  /** Stickiness at which the component is full: DAU/MAU of 0.3 is a very sticky community. */
  static final double FULL_STICKINESS = 0.3;

  static final double FULL_RECIPROCITY = 0.5;

  /** Share of the 28-day actives who are creators or contributors at which the score is full. */
  static final double FULL_CONTRIBUTION = 0.3;

  static final double FAST_RESPONSE_MINUTES = 60;
  static final double SLOW_RESPONSE_MINUTES = 1440;

  private HealthIndex() {}

  /**
   * The index, or null when every component is null. {@code contributionShare} is (creators +
   * contributors) / active_members_28d, null when nobody was active.
   */
  public static Double of(
      Double stickiness,
      Double responseRate24h,
      Double medianFirstResponseMinutes,
      Double reciprocity28d,
      Double contributionShare) {
    double weighted = 0;
    double weights = 0;
    if (stickiness != null) {
      weighted += STICKINESS_WEIGHT * capped(stickiness / FULL_STICKINESS);
      weights += STICKINESS_WEIGHT;
    }
    if (responseRate24h != null) {
      weighted += RESPONSE_RATE_WEIGHT * capped(responseRate24h);
      weights += RESPONSE_RATE_WEIGHT;
    }
    if (medianFirstResponseMinutes != null) {
      weighted += RESPONSIVENESS_WEIGHT * responsiveness(medianFirstResponseMinutes);
      weights += RESPONSIVENESS_WEIGHT;
    }
    if (reciprocity28d != null) {
      weighted += RECIPROCITY_WEIGHT * capped(reciprocity28d / FULL_RECIPROCITY);
      weights += RECIPROCITY_WEIGHT;
    }
    if (contributionShare != null) {
      weighted += CONTRIBUTION_WEIGHT * capped(contributionShare / FULL_CONTRIBUTION);
      weights += CONTRIBUTION_WEIGHT;
    }
    if (weights == 0) {
      return null;
    }
    return Math.round(1000 * weighted / weights) / 10.0;
  }

  /** 1 for a median response within an hour, 0 from a day on, linear in between. */
  static double responsiveness(double medianMinutes) {
    if (medianMinutes <= FAST_RESPONSE_MINUTES) {
      return 1;
    }
    if (medianMinutes >= SLOW_RESPONSE_MINUTES) {
      return 0;
    }
    return (SLOW_RESPONSE_MINUTES - medianMinutes)
        / (SLOW_RESPONSE_MINUTES - FAST_RESPONSE_MINUTES);
  }

  private static double capped(double score) {
    return Math.max(0, Math.min(1, score));
  }
}
