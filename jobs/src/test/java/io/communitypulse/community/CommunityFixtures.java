package io.communitypulse.community;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.config.PrivacySettings;
import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.privacy.Retention;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.testing.JobDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/** Time fixtures, delta builders and operator harnesses for the community tests. */
final class CommunityFixtures {

  static final String COMMUNITY = "makers";
  static final String INDEX = "t1-pulse-communities";

  static final long DAY = Duration.ofDays(1).toMillis();
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long MINUTE = Duration.ofMinutes(1).toMillis();

  /** When signals stop reaching a day and when it is final: the job's defaults (25.5 h each). */
  static final SignalHorizon HORIZON = JobDefaults.HORIZON;

  /** How far behind the watermark a signal can still arrive. */
  static final Duration LATENESS = HORIZON.lateness();

  /** How long after its end a day is final. */
  static final Duration FINAL_AFTER = HORIZON.finalAfter();

  /** A Monday; every test day is an offset from it. */
  static final long DAY0 = LocalDate.parse("2026-03-02").toEpochDay();

  /** Retention with the job's defaults, on the default aliases. */
  static final Retention RETENTION =
      new Retention(
          Aliases.SESSIONS,
          Aliases.MEMBERS,
          PrivacySettings.defaults().sessionRetention(),
          PrivacySettings.defaults().memberRetention());

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CommunityFixtures() {}

  /** The community stage with the default settings. */
  static CommunityIndicators indicators(Duration refreshInterval, Long endOfInputAsOfDay) {
    return indicators(refreshInterval, endOfInputAsOfDay, RETENTION);
  }

  /** The community stage with the default settings but {@code retention}. */
  static CommunityIndicators indicators(
      Duration refreshInterval, Long endOfInputAsOfDay, Retention retention) {
    return new CommunityIndicators(
        INDEX,
        JobDefaults.CONFIG.communities().withRefreshInterval(refreshInterval),
        HORIZON,
        retention,
        endOfInputAsOfDay);
  }

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

  /** All-zero counter changes of {@link #COMMUNITY} on {@code day}. */
  static CommunityDelta delta(long day) {
    return CommunityDelta.of(COMMUNITY, day);
  }

  /** One counter change of {@link #COMMUNITY} on {@code day}. */
  static CommunityDelta delta(long day, CommunityCounter counter, long change) {
    return delta(day).add(counter, change);
  }

  /**
   * The first response to the POST {@code postId}, posted at 08:00 of {@code day}, answered {@code
   * minutes} later.
   */
  static CommunityDelta firstResponse(String postId, long day, long minutes) {
    long postedAt = at(day, 8);
    return CommunityDelta.firstResponse(
        new FirstResponse(COMMUNITY, "c-" + postId, postId, postedAt, postedAt + minutes * MINUTE));
  }

  static String id(long day) {
    return COMMUNITY + "/" + LocalDate.ofEpochDay(day);
  }

  /** Fails on any Kryo fallback, like the job does ({@code pipeline.generic-types: false}). */
  static void noGenericTypes(OneInputStreamOperatorTestHarness<?, ?> harness) {
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
  }

  /** An opened keyed harness around a process function. */
  static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> keyed(
      KeyedProcessFunction<String, I, O> function, KeySelector<I, String> key) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, I, O> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), key, Types.STRING);
    noGenericTypes(harness);
    harness.open();
    return harness;
  }

  /** An opened harness for the community stage. */
  static KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> harness(
      CommunityIndicators function) throws Exception {
    return keyed(function, CommunityDelta::key);
  }

  /** An opened harness around a (non-keyed) operator. */
  static <I, O> OneInputStreamOperatorTestHarness<I, O> unkeyed(OneInputStreamOperator<I, O> op)
      throws Exception {
    OneInputStreamOperatorTestHarness<I, O> harness = new OneInputStreamOperatorTestHarness<>(op);
    noGenericTypes(harness);
    harness.open();
    return harness;
  }

  /** The days {@link CommunityIndicators} holds totals for, read from its keyed state. */
  static TreeMap<Long, CommunityDayTotals> heldDays(
      KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> harness,
      String communityId)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(communityId);
    MapState<Long, CommunityDayTotals> days =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            CommunityIndicators.daysDescriptor());
    TreeMap<Long, CommunityDayTotals> held = new TreeMap<>();
    for (var e : days.entries()) {
      held.put(e.getKey(), e.getValue());
    }
    return held;
  }

  /** The output values since the last call, and clears the output. */
  static <O> List<O> drainValues(OneInputStreamOperatorTestHarness<?, O> harness) {
    List<O> out = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return out;
  }

  static JsonNode json(DocumentWrite write) {
    try {
      return MAPPER.readTree(write.source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
