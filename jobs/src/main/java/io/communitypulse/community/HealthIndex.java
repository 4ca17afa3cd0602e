package io.communitypulse.community;

/**
 * The {@code health_index} of a community day: a 0–100 weighted mean of five component scores
 * (stickiness, responsiveness, speed, reciprocity, contribution), each in [0, 1], with the weights
 * and constants of {@link HealthSettings}; a component without input is left out and the others'
 * weights re-normalised, and with none the index is null. The formula, and why the response
 * components read the seven days before the day: docs/indicators.md, "The health index".
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
