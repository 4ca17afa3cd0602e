package io.communitypulse.community;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.community.CommunitySignal.Kind;
import io.communitypulse.sink.DocumentWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Time fixtures, signal builders and the operator harness for the community tests. */
final class CommunityFixtures {

  static final String COMMUNITY = "makers";
  static final String INDEX = "t1-pulse-communities";

  static final long DAY = Duration.ofDays(1).toMillis();
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long MINUTE = Duration.ofMinutes(1).toMillis();

  /** A Monday; every test day is an offset from it. */
  static final long DAY0 = LocalDate.parse("2026-03-02").toEpochDay();

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CommunityFixtures() {}

  static long at(long day, long hours) {
    return day * DAY + hours * HOUR;
  }

  static long noon(long day) {
    return at(day, 12);
  }

  static CommunitySignal signal(Kind kind, String member, long day) {
    return CommunitySignal.of(COMMUNITY, kind, day, member, 1);
  }

  static CommunitySignal own(String member, long day) {
    return signal(Kind.ACTIVE, member, day);
  }

  static CommunitySignal withdrawn(CommunitySignal s) {
    CommunitySignal w = CommunitySignal.of(s.communityId, s.kind, s.day, s.member, -s.sign);
    w.other = s.other;
    w.count = s.count;
    w.value = s.value;
    return w;
  }

  static CommunitySignal visit(String visitor, long day) {
    return CommunitySignal.visit(COMMUNITY, visitor, noon(day), 1);
  }

  static CommunitySignal pair(String replier, String target, long day) {
    CommunitySignal s = signal(Kind.REPLY_PAIR, replier, day);
    s.other = target;
    return s;
  }

  /**
   * The first response to {@code postId}, posted at 08:00 of {@code day}, {@code minutes} later.
   */
  static CommunitySignal firstResponse(String postId, long day, long minutes) {
    CommunitySignal s = signal(Kind.FIRST_RESPONSE, null, day);
    s.postId = postId;
    s.value = minutes * MINUTE;
    return s;
  }

  static CommunitySignal referralVisit(long day) {
    return signal(Kind.REFERRAL_VISIT, null, day);
  }

  static CommunitySignal referralConversion(long day, double value) {
    CommunitySignal s = signal(Kind.REFERRAL_CONVERSION, null, day);
    s.value = value;
    return s;
  }

  static String id(long day) {
    return COMMUNITY + "/" + LocalDate.ofEpochDay(day);
  }

  /** An opened harness that fails on any Kryo fallback, like the job does. */
  static KeyedOneInputStreamOperatorTestHarness<String, CommunitySignal, DocumentWrite> harness(
      CommunityIndicators function) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CommunitySignal, DocumentWrite> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), CommunitySignal::key, Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.open();
    return harness;
  }

  /** The days the function holds a bucket for, read from its keyed state. */
  static List<Long> heldDays(
      KeyedOneInputStreamOperatorTestHarness<String, CommunitySignal, DocumentWrite> harness)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(COMMUNITY);
    MapState<Long, CommunityDay> days =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            CommunityIndicators.daysDescriptor());
    List<Long> held = new ArrayList<>();
    days.keys().forEach(held::add);
    Collections.sort(held);
    return held;
  }

  static JsonNode json(DocumentWrite write) {
    try {
      return MAPPER.readTree(write.source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
