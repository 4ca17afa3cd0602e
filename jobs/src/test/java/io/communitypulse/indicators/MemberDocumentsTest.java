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

    byte[] streamed =
        MemberDocuments.source("rust-makers", "m1", d7, d28, scores, 1_700_000L, 1_800_000L, DAY);

    assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            new String(
                MemberDocuments.toBytes(
                    MemberDocuments.document(
                        "rust-makers", "m1", d7, d28, scores, 1_700_000L, 1_800_000L, DAY)),
                java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void unknownSeenTimesAreLeftOutOfTheStreamedSourceToo() {
    WindowTotals zero = WindowTotals.zero();
    MemberScores scores = MemberScores.of(zero, IndicatorSettings.defaults());

    byte[] streamed = MemberDocuments.source("c", "m", zero, zero, scores, null, null, DAY);

    assertThat(streamed)
        .isEqualTo(
            MemberDocuments.toBytes(
                MemberDocuments.document("c", "m", zero, zero, scores, null, null, DAY)));
    assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("first_seen");
  }
}
