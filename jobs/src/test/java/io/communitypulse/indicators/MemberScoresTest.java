package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal.Field;
import org.junit.jupiter.api.Test;

class MemberScoresTest {

  private static final IndicatorSettings DEFAULTS = IndicatorSettings.defaults();

  private static MemberLevel level(WindowTotals d28) {
    return MemberScores.of(d28, DEFAULTS).level();
  }

  private static WindowTotals totals(Object... fieldValuePairs) {
    WindowTotals t = WindowTotals.zero();
    for (int i = 0; i < fieldValuePairs.length; i += 2) {
      t = t.with((Field) fieldValuePairs[i], ((Number) fieldValuePairs[i + 1]).doubleValue());
    }
    return t;
  }

  @Test
  void aCreatorHasAPostOrAcceptedAnswerAndThreePostsOrReplies() {
    assertThat(level(totals(Field.POSTS, 1, Field.REPLIES, 2))).isEqualTo(MemberLevel.CREATOR);
    assertThat(level(totals(Field.ANSWERS_ACCEPTED, 1, Field.REPLIES, 3)))
        .isEqualTo(MemberLevel.CREATOR);
    assertThat(level(totals(Field.POSTS, 3))).isEqualTo(MemberLevel.CREATOR);
  }

  @Test
  void justBelowCreatorIsAContributor() {
    assertThat(level(totals(Field.POSTS, 1, Field.REPLIES, 1))).isEqualTo(MemberLevel.CONTRIBUTOR);
    // Three replies but nothing posted or accepted.
    assertThat(level(totals(Field.REPLIES, 3, Field.ACTIVE, 2))).isEqualTo(MemberLevel.CONTRIBUTOR);
    assertThat(level(totals(Field.REACTIONS_GIVEN, 1))).isEqualTo(MemberLevel.CONTRIBUTOR);
    assertThat(level(totals(Field.SHARES, 1))).isEqualTo(MemberLevel.CONTRIBUTOR);
  }

  @Test
  void anActiveMemberWhoDoesNotContributeIsALurker() {
    assertThat(level(totals(Field.ACTIVE, 1, Field.PAGE_VIEWS, 40))).isEqualTo(MemberLevel.LURKER);
    // Credits received are not contributions.
    assertThat(
            level(totals(Field.ACTIVE, 1, Field.REPLIES_RECEIVED, 5, Field.MENTIONS_RECEIVED, 2)))
        .isEqualTo(MemberLevel.LURKER);
  }

  @Test
  void withoutAnActiveDayAMemberIsDormant() {
    assertThat(level(WindowTotals.zero())).isEqualTo(MemberLevel.DORMANT);
    assertThat(level(totals(Field.REPLIES_RECEIVED, 5, Field.ANSWERS_ACCEPTED, 0)))
        .isEqualTo(MemberLevel.DORMANT);
  }

  @Test
  void levelThresholdsComeFromTheSettings() {
    IndicatorSettings strict = DEFAULTS.withCreatorMinPostsAndReplies(5).withLurkerMinActiveDays(2);
    WindowTotals threePosts = totals(Field.POSTS, 3);
    assertThat(MemberScores.of(threePosts, strict).level()).isEqualTo(MemberLevel.CONTRIBUTOR);
    assertThat(MemberScores.of(totals(Field.ACTIVE, 1), strict).level())
        .isEqualTo(MemberLevel.DORMANT);
    assertThat(MemberScores.of(totals(Field.ACTIVE, 2), strict).level())
        .isEqualTo(MemberLevel.LURKER);
  }

  @Test
  void engagementWeighsEveryActivityOfTheSpec() {
    WindowTotals d28 =
        totals(
            Field.PAGE_VIEWS, 3,
            Field.REACTIONS_GIVEN, 1,
            Field.REPLIES, 1,
            Field.POSTS, 1,
            Field.ANSWERS_ACCEPTED, 1,
            Field.REPLIES_RECEIVED, 1,
            Field.REACTIONS_RECEIVED, 1,
            Field.ACTIVE, 1,
            // Not in the engagement score.
            Field.SESSIONS, 9,
            Field.SHARES, 9);

    // 0.3 + 1 + 3 + 5 + 10 + 2 + 1 + 1, without binary noise from 3 × 0.1.
    assertThat(MemberScores.of(d28, DEFAULTS).engagementScore()).isEqualTo(23.3);
  }

  @Test
  void advocacyWeighsSharesMentionsAndReferrals() {
    WindowTotals d28 =
        totals(
            Field.SHARES, 1,
            Field.MENTIONS_RECEIVED, 1,
            Field.REFERRAL_VISITS, 1,
            Field.REFERRAL_SIGNUPS, 1,
            Field.REFERRAL_CONVERSIONS, 1,
            // Money is reported, not scored.
            Field.REFERRAL_CONVERSION_VALUE, 1000);

    MemberScores scores = MemberScores.of(d28, DEFAULTS);

    assertThat(scores.advocacyScore()).isEqualTo(43.0);
    assertThat(scores.advocate()).isTrue();
  }

  @Test
  void anAdvocateReachesTheThresholdExactly() {
    assertThat(MemberScores.of(totals(Field.REFERRAL_SIGNUPS, 1), DEFAULTS).advocate()).isTrue();
    assertThat(MemberScores.of(totals(Field.MENTIONS_RECEIVED, 9), DEFAULTS).advocate()).isFalse();
    assertThat(
            MemberScores.of(totals(Field.SHARES, 2), DEFAULTS.withAdvocateThreshold(10.5))
                .advocate())
        .isFalse();
  }
}
