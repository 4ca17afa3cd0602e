package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal.Field;
import org.junit.jupiter.api.Test;

class MemberDocumentsTest {

  private static final long DAY = 20_514;

  @Test
  void theStreamedSourceIsByteForByteTheTreeDocument() {
    WindowTotals d7 =
        WindowTotals.zero()
            .with(Field.PAGE_VIEWS, 12)
            .with(Field.SESSION_MINUTES, 17.25)
            .with(Field.REFERRAL_CONVERSION_VALUE, 0.1);
    WindowTotals d28 =
        d7.with(Field.POSTS, 3).with(Field.ACTIVE, 4).with(Field.REFERRAL_SIGNUPS, 1);
    MemberScores scores = MemberScores.of(d28, IndicatorSettings.defaults());
    MemberScores before = MemberScores.of(d7, IndicatorSettings.defaults());

    byte[] streamed =
        MemberDocuments.source(
            "rust-makers", "m1", d7, d28, scores, before, 1_700_000L, 1_800_000L, DAY);

    assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            new String(
                MemberDocuments.toBytes(
                    MemberDocuments.document(
                        "rust-makers", "m1", d7, d28, scores, before, 1_700_000L, 1_800_000L, DAY)),
                java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void unknownSeenTimesAreLeftOutOfTheStreamedSourceToo() {
    WindowTotals zero = WindowTotals.zero();
    MemberScores scores = MemberScores.of(zero, IndicatorSettings.defaults());

    byte[] streamed = MemberDocuments.source("c", "m", zero, zero, scores, scores, null, null, DAY);

    assertThat(streamed)
        .isEqualTo(
            MemberDocuments.toBytes(
                MemberDocuments.document("c", "m", zero, zero, scores, scores, null, null, DAY)));
    assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("first_seen");
  }

  @Test
  void theGrowthFieldsCompareTheLevelWithTheOne28DaysBefore() {
    WindowTotals lurking = WindowTotals.zero().with(Field.ACTIVE, 3).with(Field.PAGE_VIEWS, 20);
    WindowTotals creating = lurking.with(Field.POSTS, 2).with(Field.REPLIES, 2);
    IndicatorSettings s = IndicatorSettings.defaults();

    String up =
        new String(
            MemberDocuments.source(
                "c",
                "m",
                creating,
                creating,
                MemberScores.of(creating, s),
                MemberScores.of(lurking, s),
                null,
                null,
                DAY),
            java.nio.charset.StandardCharsets.UTF_8);
    String down =
        new String(
            MemberDocuments.source(
                "c",
                "m",
                lurking,
                lurking,
                MemberScores.of(lurking, s),
                MemberScores.of(creating, s),
                null,
                null,
                DAY),
            java.nio.charset.StandardCharsets.UTF_8);

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
}
