package io.communitypulse.community;

/**
 * The {@code health_index} of a community day (docs/indicators.md, "The health index"): a 0–100
 * weighted mean of five component scores, each in [0, 1], with the constants of {@link
 * HealthSettings} (defaults shown).
 *
 * <pre>
 * component        weight  score
 * stickiness         25    min(1, stickiness / 0.3)
 * responsiveness     25    response_rate_24h_7d
 * speed              15    1 at median_first_response_minutes_7d ≤ 60, linear to 0 at ≥ 1440
 * reciprocity        15    min(1, reciprocity_28d / 0.5)
 * contribution       20    min(1, (creators + contributors) / active_members_28d / 0.3)
 *
 * health_index = round(100 × Σ weight·score / Σ weight, 1 decimal)
 * </pre>
 *
 * The response components read the seven days before the document's day, not the day itself: most
 * of a day's posts are not yet 24 h old while the day goes on, so the index would otherwise fall at
 * midnight and climb through the day. A component whose input is null (no posts in those days,
 * nobody active in 28 days, ...) is left out and the weights of the others re-normalised; when
 * every component is null the index is null.
 */
public final class HealthIndex {

  private HealthIndex() {}

  /**
   * The index, or null when every component is null. {@code contributionShare} is (creators +
   * contributors) / active_members_28d, null when nobody was active.
   */
  public static Double of(
      Double stickiness,
      Double responseRate24h7d,
      Double medianFirstResponseMinutes7d,
      Double reciprocity28d,
      Double contributionShare,
      HealthSettings s) {
    double weighted = 0;
    double weights = 0;
    if (stickiness != null) {
      weighted += s.stickinessWeight() * capped(stickiness / s.fullStickiness());
      weights += s.stickinessWeight();
    }
    if (responseRate24h7d != null) {
      weighted += s.responsivenessWeight() * capped(responseRate24h7d);
      weights += s.responsivenessWeight();
    }
    if (medianFirstResponseMinutes7d != null) {
      weighted += s.speedWeight() * speed(medianFirstResponseMinutes7d, s);
      weights += s.speedWeight();
    }
    if (reciprocity28d != null) {
      weighted += s.reciprocityWeight() * capped(reciprocity28d / s.fullReciprocity());
      weights += s.reciprocityWeight();
    }
    if (contributionShare != null) {
      weighted += s.contributionWeight() * capped(contributionShare / s.fullContribution());
      weights += s.contributionWeight();
    }
    if (weights == 0) {
      return null;
    }
    return Math.round(1000 * weighted / weights) / 10.0;
  }

  /** 1 for a median response within the fast time, 0 from the slow time on, linear in between. */
  static double speed(double medianMinutes, HealthSettings s) {
    if (medianMinutes <= s.fastResponseMinutes()) {
      return 1;
    }
    if (medianMinutes >= s.slowResponseMinutes()) {
      return 0;
    }
    return (s.slowResponseMinutes() - medianMinutes)
        / (s.slowResponseMinutes() - s.fastResponseMinutes());
  }

  private static double capped(double score) {
    return Math.max(0, Math.min(1, score));
  }
}
