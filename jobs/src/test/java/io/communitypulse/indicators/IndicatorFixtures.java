package io.communitypulse.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.sink.DocumentWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Time fixtures, signal builders and the operator harness for the indicator tests. */
final class IndicatorFixtures {

  static final String COMMUNITY = "makers";
  static final String MEMBER = "m-ada";
  static final String KEY = COMMUNITY + "/" + MEMBER;
  static final String INDEX = "t1-pulse-members";

  static final long DAY = Duration.ofDays(1).toMillis();
  static final long HOUR = Duration.ofHours(1).toMillis();

  /** A Monday; every test day is an offset from it. */
  static final long DAY0 = LocalDate.parse("2026-03-02").toEpochDay();

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IndicatorFixtures() {}

  /** Epoch ms of {@code hours} after midnight UTC of an epoch day. */
  static long at(long day, long hours) {
    return day * DAY + hours * HOUR;
  }

  static long noon(long day) {
    return at(day, 12);
  }

  static long midnight(long day) {
    return day * DAY;
  }

  static MemberSignal signal(long day, Field field, double delta) {
    return MemberSignal.of(COMMUNITY, MEMBER, day, field, delta);
  }

  /** An own event of {@link #MEMBER} at {@code hours} past midnight of {@code day}. */
  static MemberSignal own(long day, long hours) {
    return MemberSignal.ownEvent(COMMUNITY, MEMBER, at(day, hours), 1);
  }

  static MemberSignal helped(long day, String other, double delta) {
    return MemberSignal.helped(COMMUNITY, MEMBER, day, other, delta);
  }

  /** An opened harness that fails on any Kryo fallback, like the job does. */
  static KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, DocumentWrite> harness(
      MemberIndicators function) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, DocumentWrite> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), MemberSignal::key, Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.open();
    return harness;
  }

  static JsonNode json(DocumentWrite write) {
    try {
      return MAPPER.readTree(write.source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
