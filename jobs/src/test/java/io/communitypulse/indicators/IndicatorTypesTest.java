package io.communitypulse.indicators;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal.Field;
import org.junit.jupiter.api.Test;

/** The indicator stage's input and state types are Flink POJOs, serialized without Kryo. */
class IndicatorTypesTest {

  @Test
  void inputAndStateTypesAreKryoFreePojos() {
    assertSerializedAsPojoWithoutKryo(MemberSignal.class);
    assertSerializedAsPojoWithoutKryo(DailyTally.class);
    assertSerializedAsPojoWithoutKryo(MemberState.class);
  }

  @Test
  void anOwnEventCountsOnTheUtcDayOfItsTime() {
    long justBeforeMidnight = IndicatorFixtures.at(IndicatorFixtures.DAY0 + 1, 0) - 1;

    MemberSignal s = MemberSignal.ownEvent("makers", "m-ada", justBeforeMidnight, 1);

    assertThat(s.day).isEqualTo(IndicatorFixtures.DAY0);
    assertThat(s.field).isEqualTo(Field.ACTIVE);
    assertThat(s.eventAt).isEqualTo(justBeforeMidnight);
    assertThat(s.key()).isEqualTo("makers/m-ada");
    assertThat(MemberSignal.epochDay(-1)).as("before 1970").isEqualTo(-1);
  }
}
