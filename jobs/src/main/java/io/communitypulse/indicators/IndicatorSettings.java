package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.io.Serializable;
import java.time.Duration;
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
 * {@code lurker} if active_days ≥ {@link #lurkerMinActiveDays()}; else {@code dormant}. The member
 * memory is how long a member silent in event time is remembered (first_seen, last_seen, the
 * document's revision).
 *
 * <p>These defaults are the model's (docs/indicators.md); {@code PulseOptions} takes its defaults
 * from here, so each lives in one place.
 */
public record IndicatorSettings(
    Map<Field, Double> engagementWeights,
    Map<Field, Double> advocacyWeights,
    double advocateThreshold,
    long creatorMinPostsAndAnswers,
    long creatorMinPostsAndReplies,
    long contributorMinActions,
    long lurkerMinActiveDays,
    Duration memberMemory)
    implements Serializable {

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
          1,
          Duration.ofDays(90));

  /** Validates; the weight maps are copied and cannot be changed through the accessors. */
  public IndicatorSettings {
    engagementWeights = frozen(engagementWeights);
    advocacyWeights = frozen(advocacyWeights);
    engagementWeights.values().forEach(w -> checkFinite("engagement weight", w));
    advocacyWeights.values().forEach(w -> checkFinite("advocacy weight", w));
    checkFinite("advocate threshold", advocateThreshold);
    checkNotNegative("creator min posts + answers accepted", creatorMinPostsAndAnswers);
    checkNotNegative("creator min posts + replies", creatorMinPostsAndReplies);
    checkNotNegative("contributor min actions", contributorMinActions);
    checkNotNegative("lurker min active days", lurkerMinActiveDays);
    if (memberMemory.isNegative() || memberMemory.isZero()) {
      throw new IllegalArgumentException("member memory must be positive, got " + memberMemory);
    }
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

  /** A copy with one engagement weight set (0 removes the field from the score). */
  public IndicatorSettings withEngagementWeight(Field field, double weight) {
    return new IndicatorSettings(
        put(engagementWeights, field, weight),
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays,
        memberMemory);
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
        lurkerMinActiveDays,
        memberMemory);
  }

  public IndicatorSettings withAdvocateThreshold(double threshold) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        threshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays,
        memberMemory);
  }

  public IndicatorSettings withCreatorMinPostsAndAnswers(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        min,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays,
        memberMemory);
  }

  public IndicatorSettings withCreatorMinPostsAndReplies(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        min,
        contributorMinActions,
        lurkerMinActiveDays,
        memberMemory);
  }

  public IndicatorSettings withContributorMinActions(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        min,
        lurkerMinActiveDays,
        memberMemory);
  }

  public IndicatorSettings withLurkerMinActiveDays(long min) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        min,
        memberMemory);
  }

  public IndicatorSettings withMemberMemory(Duration memory) {
    return new IndicatorSettings(
        engagementWeights,
        advocacyWeights,
        advocateThreshold,
        creatorMinPostsAndAnswers,
        creatorMinPostsAndReplies,
        contributorMinActions,
        lurkerMinActiveDays,
        memory);
  }

  private static Map<Field, Double> weights(Object... fieldWeightPairs) {
    EnumMap<Field, Double> m = new EnumMap<>(Field.class);
    for (int i = 0; i < fieldWeightPairs.length; i += 2) {
      m.put((Field) fieldWeightPairs[i], ((Number) fieldWeightPairs[i + 1]).doubleValue());
    }
    return m;
  }

  private static Map<Field, Double> frozen(Map<Field, Double> weights) {
    EnumMap<Field, Double> copy = new EnumMap<>(Field.class);
    copy.putAll(weights);
    return Collections.unmodifiableMap(copy);
  }

  private static Map<Field, Double> put(Map<Field, Double> m, Field field, double weight) {
    Objects.requireNonNull(field, "field");
    EnumMap<Field, Double> copy = new EnumMap<>(Field.class);
    copy.putAll(m);
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
}
