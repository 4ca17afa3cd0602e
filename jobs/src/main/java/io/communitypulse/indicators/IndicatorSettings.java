package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configurable part of the scores (docs/indicators.md, "Scores and levels"): the engagement and
 * advocacy weights per 28-day total, the advocate threshold and the thresholds of the level rules.
 * Immutable; {@link #defaults()} holds the documented defaults, the {@code with...} methods return
 * validated copies.
 *
 * <p>A weight applies to a {@link Field}'s 28-day total ({@link Field#ACTIVE}: active days). Level,
 * first rule that holds: {@code creator} if posts + answers_accepted ≥ {@link
 * #creatorMinPostsAndAnswers()} and posts + replies ≥ {@link #creatorMinPostsAndReplies()}; {@code
 * contributor} if posts + replies + reactions_given + shares ≥ {@link #contributorMinActions()};
 * {@code lurker} if active_days ≥ {@link #lurkerMinActiveDays()}; else {@code dormant}.
 */
public final class IndicatorSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final IndicatorSettings DEFAULTS =
      new IndicatorSettings(
          weights(
              Field.PAGE_VIEWS, 0.1,
              Field.REACTIONS_GIVEN, 1,
              Field.REPLIES, 3,
              Field.POSTS, 5,
              Field.ANSWERS_ACCEPTED, 10,
              Field.REPLIES_RECEIVED, 2,
              Field.REACTIONS_RECEIVED, 1,
              Field.ACTIVE, 1),
          weights(
              Field.SHARES, 5,
              Field.MENTIONS_RECEIVED, 1,
              Field.REFERRAL_VISITS, 2,
              Field.REFERRAL_SIGNUPS, 10,
              Field.REFERRAL_CONVERSIONS, 25),
          10,
          1,
          3,
          1,
          1);

  private final EnumMap<Field, Double> engagementWeights;
  private final EnumMap<Field, Double> advocacyWeights;
  private final double advocateThreshold;
  private final long creatorMinPostsAndAnswers;
  private final long creatorMinPostsAndReplies;
  private final long contributorMinActions;
  private final long lurkerMinActiveDays;

  private IndicatorSettings(
      EnumMap<Field, Double> engagementWeights,
      EnumMap<Field, Double> advocacyWeights,
      double advocateThreshold,
      long creatorMinPostsAndAnswers,
      long creatorMinPostsAndReplies,
      long contributorMinActions,
      long lurkerMinActiveDays) {
    engagementWeights.values().forEach(w -> checkFinite("engagement weight", w));
    advocacyWeights.values().forEach(w -> checkFinite("advocacy weight", w));
    checkFinite("advocate threshold", advocateThreshold);
    checkNotNegative("creator min posts + answers accepted", creatorMinPostsAndAnswers);
    checkNotNegative("creator min posts + replies", creatorMinPostsAndReplies);
    checkNotNegative("contributor min actions", contributorMinActions);
    checkNotNegative("lurker min active days", lurkerMinActiveDays);
    this.engagementWeights = engagementWeights;
    this.advocacyWeights = advocacyWeights;
    this.advocateThreshold = advocateThreshold;
    this.creatorMinPostsAndAnswers = creatorMinPostsAndAnswers;
    this.creatorMinPostsAndReplies = creatorMinPostsAndReplies;
    this.contributorMinActions = contributorMinActions;
    this.lurkerMinActiveDays = lurkerMinActiveDays;
  }

  /** The defaults of docs/indicators.md, "Scores and levels". */
  public static IndicatorSettings defaults() {
    return DEFAULTS;
  }

  /** The weight of a field's 28-day total in engagement_score (0 when it has none). */
  public double engagementWeight(Field field) {
    return engagementWeights.getOrDefault(field, 0.0);
  }

  /** The weight of a field's 28-day total in advocacy_score (0 when it has none). */
  public double advocacyWeight(Field field) {
    return advocacyWeights.getOrDefault(field, 0.0);
  }

  /** The fields with a non-zero engagement weight, and their weights. */
  public Map<Field, Double> engagementWeights() {
    return Collections.unmodifiableMap(engagementWeights);
  }

  /** The fields with a non-zero advocacy weight, and their weights. */
  public Map<Field, Double> advocacyWeights() {
    return Collections.unmodifiableMap(advocacyWeights);
  }

  /** advocate is true when advocacy_score is at least this. */
  public double advocateThreshold() {
    return advocateThreshold;
  }

  public long creatorMinPostsAndAnswers() {
    return creatorMinPostsAndAnswers;
  }

  public long creatorMinPostsAndReplies() {
    return creatorMinPostsAndReplies;
  }

  public long contributorMinActions() {
    return contributorMinActions;
  }

  public long lurkerMinActiveDays() {
    return lurkerMinActiveDays;
  }

  /** A copy with one engagement weight set (0 removes the field from the score). */
  public IndicatorSettings withEngagementWeight(Field field, double weight) {
    return new IndicatorSettings(
        put(engagementWeights, field, weight),
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  /** A copy with one advocacy weight set (0 removes the field from the score). */
  public IndicatorSettings withAdvocacyWeight(Field field, double weight) {
    return new IndicatorSettings(
        engagementWeights,
        put(advocacyWeights, field, weight),
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  public IndicatorSettings withAdvocateThreshold(double threshold) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        threshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  public IndicatorSettings withCreatorMinPostsAndAnswers(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        min,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  public IndicatorSettings withCreatorMinPostsAndReplies(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        min,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  public IndicatorSettings withContributorMinActions(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        min,
        lurkerMinActiveDays);
  }

  public IndicatorSettings withLurkerMinActiveDays(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        min);
  }

  private static EnumMap<Field, Double> weights(Object... fieldWeightPairs) {
    EnumMap<Field, Double> m = new EnumMap<>(Field.class);
    for (int i = 0; i < fieldWeightPairs.length; i += 2) {
      m.put((Field) fieldWeightPairs[i], ((Number) fieldWeightPairs[i + 1]).doubleValue());
    }
    return m;
  }

  private static EnumMap<Field, Double> put(EnumMap<Field, Double> m, Field field, double weight) {
    Objects.requireNonNull(field, "field");
    EnumMap<Field, Double> copy = new EnumMap<>(m);
    if (weight == 0) {
      copy.remove(field);
    } else {
      copy.put(field, weight);
    }
    return copy;
  }

  private static void checkFinite(String what, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be a finite number, got " + value);
    }
  }

  private static void checkNotNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative, got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndicatorSettings s
        && engagementWeights.equals(s.engagementWeights)
        && advocacyWeights.equals(s.advocacyWeights)
        && advocateThreshold == s.advocateThreshold
        && creatorMinPostsAndAnswers == s.creatorMinPostsAndAnswers
        && creatorMinPostsAndReplies == s.creatorMinPostsAndReplies
        && contributorMinActions == s.contributorMinActions
        && lurkerMinActiveDays == s.lurkerMinActiveDays;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays);
  }

  @Override
  public String toString() {
    return "IndicatorSettings{engagement="
        + engagementWeights
        + ", advocacy="
        + advocacyWeights
        + ", advocateThreshold="
        + advocateThreshold
        + ", creator>="
        + creatorMinPostsAndAnswers
        + "/"
        + creatorMinPostsAndReplies
        + ", contributor>="
        + contributorMinActions
        + ", lurker>="
        + lurkerMinActiveDays
        + "}";
  }
}
