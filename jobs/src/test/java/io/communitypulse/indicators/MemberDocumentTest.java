package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberDocumentTest {

  private static final long DAY = 20_514;

  /**
   * The exact bytes. The member stage keeps a hash of the bytes it last wrote and skips a write
   * when they are unchanged, so any change here rewrites every member document once after an
   * upgrade.
   */
  @Test
  void theSourceIsTheseBytesWithCountsAsIntegersAndMinutesAndMoneyAsDoubles() {
    WindowTotals d7 =
        WindowTotals.zero()
            .with(Field.PAGE_VIEWS, 12)
            .with(Field.SESSION_MINUTES, 17.25)
            .with(Field.REFERRAL_CONVERSION_VALUE, 0.1);
    // Every field a different value, so that two fields written in each other's place show.
    WindowTotals d28 =
        d7.with(Field.POSTS, 3)
            .with(Field.ACTIVE, 4)
            .with(Field.MEMBER_HELPED, 2)
            .with(Field.SESSIONS, 5)
            .with(Field.REPLIES, 6)
            .with(Field.REACTIONS_GIVEN, 7)
            .with(Field.SHARES, 8)
            .with(Field.REPLIES_RECEIVED, 9)
            .with(Field.REACTIONS_RECEIVED, 10)
            .with(Field.ANSWERS_ACCEPTED, 11)
            .with(Field.MENTIONS_RECEIVED, 13)
            .with(Field.REFERRAL_VISITS, 14)
            .with(Field.REFERRAL_SIGNUPS, 15)
            .with(Field.REFERRAL_CONVERSIONS, 16)
            .with(Field.REFERRAL_CONVERSION_VALUE, 17.5);
    IndicatorSettings s = IndicatorSettings.defaults();

    String json =
        json(
            MemberDocument.of(
                "rust-makers",
                "m1",
                d7,
                d28,
                MemberScores.of(d28, s),
                MemberScores.of(d7, s),
                1_700_000L,
                1_800_000L,
                DAY));

    assertThat(json)
        .isEqualTo(
            "{\"community_id\":\"rust-makers\",\"member_id\":\"m1\","
                + "\"engagement_score\":183.2,\"advocacy_score\":631.0,\"level\":\"creator\","
                + "\"advocate\":true,\"level_28d_ago\":\"dormant\",\"level_change\":\"up\","
                + "\"engagement_score_28d_ago\":1.2,\"first_seen\":1700000,"
                + "\"last_seen\":1800000,\"as_of\":\"2026-03-02\",\"d7\":{\"active_days\":0,"
                + "\"sessions\":0,\"session_minutes\":17.25,\"page_views\":12,\"posts\":0,"
                + "\"replies\":0,\"reactions_given\":0,\"shares\":0,\"replies_received\":0,"
                + "\"reactions_received\":0,\"answers_accepted\":0,\"mentions_received\":0,"
                + "\"referral_visits\":0,\"referral_signups\":0,\"referral_conversions\":0,"
                + "\"referral_conversion_value\":0.1,\"members_helped\":0},"
                + "\"d28\":{\"active_days\":4,\"sessions\":5,\"session_minutes\":17.25,"
                + "\"page_views\":12,\"posts\":3,\"replies\":6,\"reactions_given\":7,\"shares\":8,"
                + "\"replies_received\":9,\"reactions_received\":10,\"answers_accepted\":11,"
                + "\"mentions_received\":13,\"referral_visits\":14,\"referral_signups\":15,"
                + "\"referral_conversions\":16,\"referral_conversion_value\":17.5,"
                + "\"members_helped\":2}}");
  }

  @Test
  void unknownSeenTimesAreLeftOut() {
    WindowTotals zero = WindowTotals.zero();
    MemberScores scores = MemberScores.of(zero, IndicatorSettings.defaults());

    String json = json(MemberDocument.of("c", "m", zero, zero, scores, scores, null, null, DAY));

    assertThat(json).doesNotContain("first_seen").doesNotContain("last_seen").contains("\"as_of\"");
  }

  @Test
  void theGrowthFieldsCompareTheLevelWithTheOne28DaysBefore() {
    WindowTotals lurking = WindowTotals.zero().with(Field.ACTIVE, 3).with(Field.PAGE_VIEWS, 20);
    WindowTotals creating = lurking.with(Field.POSTS, 2).with(Field.REPLIES, 2);
    IndicatorSettings s = IndicatorSettings.defaults();

    String up =
        json(
            MemberDocument.of(
                "c",
                "m",
                creating,
                creating,
                MemberScores.of(creating, s),
                MemberScores.of(lurking, s),
                null,
                null,
                DAY));
    String down =
        json(
            MemberDocument.of(
                "c",
                "m",
                lurking,
                lurking,
                MemberScores.of(lurking, s),
                MemberScores.of(creating, s),
                null,
                null,
                DAY));

    // posts 2 >= 1 and posts + replies 4 >= 3: a creator now; only page views 28 days before.
    assertThat(up)
        .contains("\"level\":\"creator\"")
        .contains("\"level_28d_ago\":\"lurker\"")
        .contains("\"level_change\":\"up\"")
        .contains("\"engagement_score_28d_ago\":5.0");
    assertThat(down)
        .contains("\"level\":\"lurker\"")
        .contains("\"level_28d_ago\":\"creator\"")
        .contains("\"level_change\":\"down\"");
  }

  private static String json(MemberDocument document) {
    return new String(document.toJson(), StandardCharsets.UTF_8);
  }
}
