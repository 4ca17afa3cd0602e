package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.ACTIVE_1D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_28D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_7D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_DAYS_28D;
import static io.communitypulse.community.CommunityCounter.CONTRIBUTORS;
import static io.communitypulse.community.CommunityCounter.CREATORS;
import static io.communitypulse.community.CommunityCounter.DEMOTED_28D;
import static io.communitypulse.community.CommunityCounter.HELPED_28D_AGO;
import static io.communitypulse.community.CommunityCounter.HELPED_PAID_FORWARD;
import static io.communitypulse.community.CommunityCounter.LURKERS;
import static io.communitypulse.community.CommunityCounter.NEWCOMERS_28D_AGO;
import static io.communitypulse.community.CommunityCounter.NEWCOMERS_RETAINED;
import static io.communitypulse.community.CommunityCounter.NEW_MEMBERS;
import static io.communitypulse.community.CommunityCounter.POSTS;
import static io.communitypulse.community.CommunityCounter.PROMOTED_28D;
import static io.communitypulse.community.CommunityCounter.RECIPROCATED_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSIONS;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSIONS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSION_MICROS;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSION_MICROS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_VISITS;
import static io.communitypulse.community.CommunityCounter.REPLIES;
import static io.communitypulse.community.CommunityCounter.REPLY_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.SHARES;
import static io.communitypulse.community.CommunityCounter.VISITORS_1D;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of the community document. The stage keeps a hash of the bytes it last wrote for
 * each day and skips a write when they are unchanged, so any change here rewrites every community
 * day once after an upgrade.
 */
class CommunityDocumentTest {

  private static final long DAY = 20_514; // 2026-03-02

  @Test
  void aBusyDayIsWrittenWithEveryFieldInTheDocumentedOrder() {
    // Every figure a different value, so that two figures written in each other's place show.
    Map<Long, CommunityDayTotals> days = new HashMap<>();
    for (long d = DAY - 7; d <= DAY; d++) {
      CommunityDayTotals t = CommunityDayTotals.empty(d);
      set(t, ACTIVE_1D, 3);
      set(t, ACTIVE_7D, 5);
      set(t, ACTIVE_28D, 8);
      set(t, ACTIVE_DAYS_28D, 41);
      set(t, CREATORS, 2);
      set(t, CONTRIBUTORS, 47);
      set(t, LURKERS, 11);
      set(t, NEW_MEMBERS, 13);
      set(t, POSTS, 4);
      set(t, REPLIES, 17);
      set(t, SHARES, 19);
      set(t, VISITORS_1D, 23);
      set(t, REPLY_PAIRS_28D, 6);
      set(t, RECIPROCATED_PAIRS_28D, 2);
      set(t, REFERRAL_VISITS, 29);
      set(t, REFERRAL_CONVERSIONS, 7);
      set(t, REFERRAL_CONVERSION_MICROS, 19_990_000);
      set(t, PROMOTED_28D, 31);
      set(t, DEMOTED_28D, 37);
      set(t, NEWCOMERS_28D_AGO, 10);
      set(t, NEWCOMERS_RETAINED, 9);
      set(t, HELPED_28D_AGO, 5);
      set(t, HELPED_PAID_FORWARD, 3);
      set(t, REFERRAL_CONVERSIONS_28D, 43);
      set(t, REFERRAL_CONVERSION_MICROS_28D, 59_970_000);
      if (d == DAY) {
        t.firstResponses.put("a", 30 * 60_000L);
        t.firstResponses.put("b", 45 * 60_000L);
      } else {
        t.firstResponses.put("p" + d, 90 * 60_000L);
      }
      days.put(d, t);
    }

    assertThat(json(days::get, DAY, true))
        .isEqualTo(
            "{\"community_id\":\"makers\",\"day\":\"2026-03-02\",\"active_members_1d\":3,"
                + "\"active_members_7d\":5,\"active_members_28d\":8,\"visitors_1d\":23,"
                + "\"new_members_1d\":13,\"stickiness\":0.18303571428571427,\"creators\":2,"
                + "\"contributors\":47,\"lurkers\":11,\"promoted_28d\":31,\"demoted_28d\":37,"
                + "\"newcomer_retention_28d\":0.9,\"pay_it_forward_28d\":0.6,\"posts\":4,"
                + "\"replies\":17,\"shares\":19,\"response_rate_24h\":0.5,"
                + "\"median_first_response_minutes\":37.5,\"response_rate_24h_7d\":0.25,"
                + "\"median_first_response_minutes_7d\":90.0,"
                + "\"reciprocity_28d\":0.3333333333333333,\"referral_visits\":29,"
                + "\"referral_conversions\":7,\"referral_conversion_value\":19.99,"
                + "\"referral_conversions_28d\":43,\"referral_conversion_value_28d\":59.97,"
                + "\"health_index\":66.2,\"value_quadrant\":\"productive\",\"final\":true}");
  }

  @Test
  void undefinedFiguresAreWrittenAsNull() {
    assertThat(json(d -> null, DAY + 30, false))
        .isEqualTo(
            "{\"community_id\":\"makers\",\"day\":\"2026-04-01\",\"active_members_1d\":0,"
                + "\"active_members_7d\":0,\"active_members_28d\":0,\"visitors_1d\":0,"
                + "\"new_members_1d\":0,\"stickiness\":null,\"creators\":0,\"contributors\":0,"
                + "\"lurkers\":0,\"promoted_28d\":0,\"demoted_28d\":0,"
                + "\"newcomer_retention_28d\":null,\"pay_it_forward_28d\":null,\"posts\":0,"
                + "\"replies\":0,\"shares\":0,\"response_rate_24h\":null,"
                + "\"median_first_response_minutes\":null,\"response_rate_24h_7d\":null,"
                + "\"median_first_response_minutes_7d\":null,\"reciprocity_28d\":null,"
                + "\"referral_visits\":0,\"referral_conversions\":0,"
                + "\"referral_conversion_value\":0.0,\"referral_conversions_28d\":0,"
                + "\"referral_conversion_value_28d\":0.0,\"health_index\":null,"
                + "\"value_quadrant\":null,\"final\":false}");
  }

  private static void set(CommunityDayTotals t, CommunityCounter counter, long value) {
    t.counts[counter.ordinal()] = value;
  }

  private static String json(
      java.util.function.LongFunction<CommunityDayTotals> totals, long day, boolean isFinal) {
    byte[] bytes =
        CommunityFigures.of(
                "makers", day, totals, isFinal, HealthSettings.DEFAULTS, ValueThresholds.DEFAULTS)
            .toJson();
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
