package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErasureCaseTest {

  @Test
  void theRequestsAreReleasedOnceNineTenthsOfTheClicksAreRead() {
    ReleasedErasures.reset();
    ReleasedErasures.read(0, 1_000);
    ReleasedErasures.read(899, 1_000);
    assertThat(ReleasedErasures.released()).isFalse();

    ReleasedErasures.read(900, 1_000);
    assertThat(ReleasedErasures.released()).isTrue();

    ReleasedErasures.reset();
    assertThat(ReleasedErasures.released()).isFalse();
  }

  @Test
  void oneRequestCostsTheDifferenceSharedOutOverTheRequests() {
    ErasureCase.Result result = new ErasureCase.Result(20, 250.0, 130.0, 290.0, 134.0);

    assertThat(result.cpuSecondsPerRequest()).isCloseTo(2.0, within(1e-9));
    assertThat(result.wallSecondsPerRequest()).isCloseTo(0.2, within(1e-9));
  }
}
