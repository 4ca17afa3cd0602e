package io.communitypulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatePacerTest {

  private long now = 1_000_000_000L;
  private final List<Long> sleeps = new ArrayList<>();

  private RatePacer pacer(double rate) {
    return new RatePacer(
        rate,
        () -> now,
        nanos -> {
          sleeps.add(nanos);
          now += nanos;
        });
  }

  @Test
  void spacesEventsEvenlyAtTheGivenRate() throws InterruptedException {
    RatePacer pacer = pacer(4);

    for (int i = 0; i < 5; i++) {
      pacer.acquire();
    }

    assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
  }

  @Test
  void doesNotWaitWhenTheCallerIsSlowerThanTheRate() throws InterruptedException {
    RatePacer pacer = pacer(10);

    pacer.acquire();
    now += 200_000_000L;
    pacer.acquire();

    assertThat(sleeps).isEmpty();
  }

  @Test
  void catchesUpAtMostOneSecondAfterAStall() throws InterruptedException {
    RatePacer pacer = pacer(10);
    pacer.acquire();
    now += 60_000_000_000L;

    for (int i = 0; i < 12; i++) {
      pacer.acquire();
    }

    // A second's worth of catch-up (10) and the event due now go at once; the next one waits.
    assertThat(sleeps).containsExactly(100_000_000L);
  }

  @Test
  void zeroMeansNoLimitAndNegativeIsRefused() throws InterruptedException {
    RatePacer pacer = pacer(0);
    for (int i = 0; i < 1000; i++) {
      pacer.acquire();
    }

    assertThat(sleeps).isEmpty();
    assertThatThrownBy(() -> pacer(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
