package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void idleAndIowaitAreNotBusyAndGuestTimeIsNotCountedTwice() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    long[] busyAndTotal = CpuMeter.parseProcStat("cpu  100 5 50 800 40 3 2 0 70 0");

    assertThat(busyAndTotal).containsExactly(160, 1000);
  }

  @Test
  void refusesAnotherLine() {
    assertThatThrownBy(() -> CpuMeter.parseProcStat("cpu0 1 2 3 4"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
