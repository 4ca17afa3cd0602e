package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.communitypulse.indicators.MemberSignal.Field;
import org.junit.jupiter.api.Test;

class IndicatorSettingsTest {

  @Test
  void defaultsAreTheSpecWeightsAndThresholds() {
    IndicatorSettings s = IndicatorSettings.defaults();

    assertThat(s.engagementWeights())
        .containsOnly(
            entry(Field.PAGE_VIEWS, 0.1),
            entry(Field.REACTIONS_GIVEN, 1.0),
            entry(Field.REPLIES, 3.0),
            entry(Field.POSTS, 5.0),
            entry(Field.ANSWERS_ACCEPTED, 10.0),
            entry(Field.REPLIES_RECEIVED, 2.0),
            entry(Field.REACTIONS_RECEIVED, 1.0),
            entry(Field.ACTIVE, 1.0));
    assertThat(s.advocacyWeights())
        .containsOnly(
            entry(Field.SHARES, 5.0),
            entry(Field.MENTIONS_RECEIVED, 1.0),
            entry(Field.REFERRAL_VISITS, 2.0),
            entry(Field.REFERRAL_SIGNUPS, 10.0),
            entry(Field.REFERRAL_CONVERSIONS, 25.0));
    assertThat(s.advocateThreshold()).isEqualTo(10.0);
    assertThat(s.creatorMinPostsAndAnswers()).isEqualTo(1);
    assertThat(s.creatorMinPostsAndReplies()).isEqualTo(3);
    assertThat(s.contributorMinActions()).isEqualTo(1);
    assertThat(s.lurkerMinActiveDays()).isEqualTo(1);
  }

  @Test
  void withersReturnChangedCopiesAndLeaveTheOriginalAlone() {
    IndicatorSettings defaults = IndicatorSettings.defaults();

    IndicatorSettings changed =
        defaults
            .withEngagementWeight(Field.SESSIONS, 0.5)
            .withEngagementWeight(Field.PAGE_VIEWS, 0)
            .withAdvocacyWeight(Field.SHARES, 7)
            .withAdvocateThreshold(20)
            .withCreatorMinPostsAndAnswers(2)
            .withCreatorMinPostsAndReplies(4)
            .withContributorMinActions(3)
            .withLurkerMinActiveDays(2);

    assertThat(changed.engagementWeight(Field.SESSIONS)).isEqualTo(0.5);
    assertThat(changed.engagementWeights()).doesNotContainKey(Field.PAGE_VIEWS);
    assertThat(changed.advocacyWeight(Field.SHARES)).isEqualTo(7.0);
    assertThat(changed.advocateThreshold()).isEqualTo(20.0);
    assertThat(changed.creatorMinPostsAndAnswers()).isEqualTo(2);
    assertThat(changed.creatorMinPostsAndReplies()).isEqualTo(4);
    assertThat(changed.contributorMinActions()).isEqualTo(3);
    assertThat(changed.lurkerMinActiveDays()).isEqualTo(2);
    assertThat(defaults.engagementWeight(Field.PAGE_VIEWS)).isEqualTo(0.1);
    assertThat(defaults.engagementWeight(Field.SESSIONS)).isZero();
    assertThat(defaults).isEqualTo(IndicatorSettings.defaults()).isNotEqualTo(changed);
  }

  @Test
  void refusesNonFiniteWeightsAndNegativeThresholds() {
    IndicatorSettings s = IndicatorSettings.defaults();

    assertThatThrownBy(() -> s.withEngagementWeight(Field.POSTS, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engagement weight");
    assertThatThrownBy(() -> s.withAdvocateThreshold(Double.POSITIVE_INFINITY))
        .hasMessageContaining("advocate threshold");
    assertThatThrownBy(() -> s.withLurkerMinActiveDays(-1))
        .hasMessageContaining("lurker min active days");
  }

  @Test
  void theEngagementWeightsViewCannotChangeTheSettings() {
    assertThatThrownBy(
            () -> IndicatorSettings.defaults().engagementWeights().put(Field.POSTS, 100.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
