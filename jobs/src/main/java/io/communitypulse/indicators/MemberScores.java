package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Map;

/**
 * engagement_score, advocacy_score, level and advocate (docs/indicators.md), computed from a
 * member's 28-day totals with the weights and thresholds of {@link IndicatorSettings}. Scores are
 * rounded to six decimals so that weights such as 0.1 do not leak binary noise ({@code
 * 0.30000000000000004}) into documents; the advocate comparison uses the rounded score, so 10 is
 * 10.
 */
public final class MemberScores {

  private final double engagementScore;
  private final double advocacyScore;
  private final MemberLevel level;
  private final boolean advocate;

  private MemberScores(
      double engagementScore, double advocacyScore, MemberLevel level, boolean advocate) {
    this.engagementScore = engagementScore;
    this.advocacyScore = advocacyScore;
    this.level = level;
    this.advocate = advocate;
  }

  /** The scores of the 28-day totals {@code d28}. */
  public static MemberScores of(WindowTotals d28, IndicatorSettings settings) {
    double engagement = weighted(d28, settings.engagementWeights());
    double advocacy = weighted(d28, settings.advocacyWeights());
    return new MemberScores(
        engagement, advocacy, level(d28, settings), advocacy >= settings.advocateThreshold());
  }

  /** The first level rule that holds for the 28-day totals. */
  public static MemberLevel level(WindowTotals d28, IndicatorSettings s) {
    return level(
        d28.count(Field.POSTS),
        d28.count(Field.REPLIES),
        d28.count(Field.REACTIONS_GIVEN),
        d28.count(Field.SHARES),
        d28.count(Field.ANSWERS_ACCEPTED),
        d28.count(Field.ACTIVE),
        s);
  }

  /**
   * The first level rule that holds for a window's counts (each already floored at zero): the form
   * the community views use for every day of a run without building totals.
   */
  static MemberLevel level(
      long posts,
      long replies,
      long reactionsGiven,
      long shares,
      long answersAccepted,
      long activeDays,
      IndicatorSettings s) {
    if (posts + answersAccepted >= s.creatorMinPostsAndAnswers()
        && posts + replies >= s.creatorMinPostsAndReplies()) {
      return MemberLevel.CREATOR;
    }
    if (posts + replies + reactionsGiven + shares >= s.contributorMinActions()) {
      return MemberLevel.CONTRIBUTOR;
    }
    if (activeDays >= s.lurkerMinActiveDays()) {
      return MemberLevel.LURKER;
    }
    return MemberLevel.DORMANT;
  }

  private static double weighted(WindowTotals totals, Map<Field, Double> weights) {
    double score = 0;
    for (Map.Entry<Field, Double> w : weights.entrySet()) {
      score += totals.get(w.getKey()) * w.getValue();
    }
    return Math.round(score * 1e6) / 1e6;
  }

  public double engagementScore() {
    return engagementScore;
  }

  public double advocacyScore() {
    return advocacyScore;
  }

  public MemberLevel level() {
    return level;
  }

  public boolean advocate() {
    return advocate;
  }

  @Override
  public String toString() {
    return "engagement "
        + engagementScore
        + ", advocacy "
        + advocacyScore
        + ", "
        + level.jsonName()
        + (advocate ? ", advocate" : "");
  }
}
