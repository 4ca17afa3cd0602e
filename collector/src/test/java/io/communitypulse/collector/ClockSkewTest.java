package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The derived timestamp: created + (received - sent). */
class ClockSkewTest {

  private static final Instant RECEIVED = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void aDeviceClockAheadOrBehindIsMovedByItsError() {
    Instant behindSent = RECEIVED.minusSeconds(3600);
    Instant aheadSent = RECEIVED.plusSeconds(600);

    assertThat(ClockSkew.correct(behindSent.minusSeconds(10), RECEIVED, behindSent))
        .isEqualTo(RECEIVED.minusSeconds(10));
    assertThat(ClockSkew.correct(aheadSent.minusSeconds(10), RECEIVED, aheadSent))
        .isEqualTo(RECEIVED.minusSeconds(10));
  }

  @Test
  void withoutASendTimeOrOnOverflowTheDeviceTimeIsKept() {
    Instant created = RECEIVED.minusSeconds(5);

    assertThat(ClockSkew.correct(created, RECEIVED, null)).isEqualTo(created);
    assertThat(ClockSkew.correct(created, RECEIVED, Instant.ofEpochMilli(Long.MIN_VALUE)))
        .isEqualTo(created);
  }
}
