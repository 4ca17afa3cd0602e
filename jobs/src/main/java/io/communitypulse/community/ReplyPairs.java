package io.communitypulse.community;

import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.StageState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reciprocity's distinct part, keyed by the unordered pair of two members of a community: counts
 * the REPLYs each sent the other per day and sends, for each community day D the replies can reach,
 * the change in how many of the two directed pairs fall in the 28 days ending D and how many of
 * those are reciprocated (both, or none). The community stage divides the sums (reciprocity_28d),
 * so no operator keeps a community's reply pairs together. Input: the {@link Field#MEMBER_HELPED}
 * signals (a member's REPLY to another member), self replies excluded.
 */
public class ReplyPairs extends KeyedProcessFunction<String, MemberSignal, CommunityDelta>
    implements ForgetsMembers<String, MemberSignal, CommunityDelta> {

  private static final long serialVersionUID = 1L;

  /** Separates the two member ids in a pair key; member ids never contain it. */
  private static final char SEPARATOR = '\u001f';

  private final SignalHorizon horizon;

  /** Day to the net replies first→second and second→first, {@link #pack packed} in one long. */
  private transient MapState<Long, Long> days;

  private transient ListState<MemberSignal> pending;
  private transient Counter tooOldSignals;

  public ReplyPairs(SignalHorizon horizon) {
    this.horizon = horizon;
  }

  /** The pair key: community and the two members in lexical order. */
  public static final class PairKey implements KeySelector<MemberSignal, String> {
    @Override
    public String getKey(MemberSignal s) {
      boolean ordered = s.memberId.compareTo(s.other) <= 0;
      String first = ordered ? s.memberId : s.other;
      String second = ordered ? s.other : s.memberId;
      return s.communityId + '/' + first + SEPARATOR + second;
    }
  }

  /** Whether a signal is a reply from one member to another: the only input this stage takes. */
  public static boolean isReplyToAnother(MemberSignal s) {
    return s.field == Field.MEMBER_HELPED
        && s.communityId != null
        && s.memberId != null
        && s.other != null
        && !s.memberId.equals(s.other);
  }

  private static MapStateDescriptor<Long, Long> daysDescriptor() {
    return new MapStateDescriptor<>("reply-pair-days", Types.LONG, Types.LONG);
  }

  private static ListStateDescriptor<MemberSignal> pendingDescriptor() {
    return new ListStateDescriptor<>("reply-pair-pending", Types.POJO(MemberSignal.class));
  }

  @Override
  public MemberSignal screen(MemberSignal signal, ErasedMembers erased, long now) {
    return erased.contains(signal.communityId, signal.memberId, now)
            || erased.contains(signal.communityId, signal.other, now)
        ? null
        : signal;
  }

  /**
   * Forgets every pair the member is in (their ids are its key, docs/privacy.md): what the pair
   * still had pending is counted first, so the community figures keep what happened.
   */
  @Override
  public void forget(Erasure erasure, StageState<String, CommunityDelta> stage) throws Exception {
    Set<String> pairs = new HashSet<>();
    KeyedStateFunction<String, State> visit =
        (pair, state) -> {
          if (erasure.inCommunity(pair) && names(pair, erasure) && pairs.add(pair)) {
            apply(stage::emit);
            days.clear();
            pending.clear();
          }
        };
    stage.forEachKey(daysDescriptor(), visit::process);
    stage.forEachKey(pendingDescriptor(), visit::process);
  }

  private static boolean names(String pair, Erasure erasure) {
    String members = pair.substring(erasure.communityId.length() + 1);
    int separator = members.indexOf(SEPARATOR);
    return separator >= 0
        && (members.substring(0, separator).equals(erasure.memberId)
            || members.substring(separator + 1).equals(erasure.memberId));
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getMapState(daysDescriptor());
    pending = getRuntimeContext().getListState(pendingDescriptor());
    tooOldSignals = getRuntimeContext().getMetricGroup().counter("tooOldReplyPairs");
  }

  @Override
  public void processElement(MemberSignal signal, Context ctx, Collector<CommunityDelta> out)
      throws Exception {
    TimerService timers = ctx.timerService();
    long watermark = timers.currentWatermark();
    if (horizon.isFinal(signal.day, watermark)) {
      tooOldSignals.inc();
      return;
    }
    pending.add(signal);
    if (watermark == Long.MAX_VALUE) {
      flush(timers, out);
    } else {
      timers.registerEventTimeTimer(watermark + 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CommunityDelta> out)
      throws Exception {
    flush(ctx.timerService(), out);
  }

  private void flush(TimerService timers, Collector<CommunityDelta> out) throws Exception {
    NavigableMap<Long, Long> counts = apply(out::collect);
    long watermark = timers.currentWatermark();
    if (SignalHorizon.isRunning(watermark)) {
      long firstKept = horizon.firstKeptDay(watermark);
      for (Long day : new ArrayList<>(counts.headMap(firstKept, false).keySet())) {
        counts.remove(day);
        days.remove(day);
      }
    }
    if (counts.isEmpty()) {
      days.clear();
      return;
    }
    if (watermark != Long.MAX_VALUE) {
      // Prune at the next UTC midnight.
      timers.registerEventTimeTimer(UtcDays.start(UtcDays.of(watermark) + 1));
    }
  }

  /** Applies the pending replies and sends the community changes; returns the day counts. */
  private NavigableMap<Long, Long> apply(Consumer<CommunityDelta> out) throws Exception {
    List<MemberSignal> batch = new ArrayList<>();
    for (MemberSignal s : pending.get()) {
      batch.add(s);
    }
    NavigableMap<Long, Long> counts = new TreeMap<>();
    for (Map.Entry<Long, Long> e : days.entries()) {
      counts.put(e.getKey(), e.getValue());
    }
    if (!batch.isEmpty()) {
      long minDay = Long.MAX_VALUE;
      long maxDay = Long.MIN_VALUE;
      for (MemberSignal s : batch) {
        minDay = Math.min(minDay, s.day);
        maxDay = Math.max(maxDay, s.day);
      }
      long to = maxDay + Windows.LONG_DAYS - 1;
      long[][] before = views(counts, minDay, to);
      for (MemberSignal s : batch) {
        boolean firstToSecond = s.memberId.compareTo(s.other) <= 0;
        long add = Math.round(s.delta);
        long packed = counts.getOrDefault(s.day, 0L);
        // Net counts, negative for a moment when a withdrawal overtakes what it withdraws.
        long next =
            pack(
                forward(packed) + (firstToSecond ? add : 0),
                backward(packed) + (firstToSecond ? 0 : add));
        if (next == 0) {
          counts.remove(s.day);
          days.remove(s.day);
        } else {
          counts.put(s.day, next);
          days.put(s.day, next);
        }
      }
      long[][] after = views(counts, minDay, to);
      String community = batch.get(0).communityId;
      for (int k = 0; k < after.length; k++) {
        long pairs = after[k][0] - before[k][0];
        long reciprocated = after[k][1] - before[k][1];
        if (pairs != 0 || reciprocated != 0) {
          out.accept(
              CommunityDelta.of(community, minDay + k)
                  .add(CommunityCounter.REPLY_PAIRS_28D, pairs)
                  .add(CommunityCounter.RECIPROCATED_PAIRS_28D, reciprocated));
        }
      }
      pending.clear();
    }
    return counts;
  }

  /** Two signed 32-bit reply counts in one long: first→second high, second→first low. */
  private static long pack(long forward, long backward) {
    return ((long) (int) forward << 32) | ((int) backward & 0xFFFF_FFFFL);
  }

  private static int forward(long packed) {
    return (int) (packed >> 32);
  }

  private static int backward(long packed) {
    return (int) packed;
  }

  /** Per day of {@code from..to}: {directed pairs in its 28-day window, reciprocated ones}. */
  private static long[][] views(NavigableMap<Long, Long> counts, long from, long to) {
    long[][] views = new long[(int) (to - from + 1)][2];
    for (int k = 0; k < views.length; k++) {
      long day = from + k;
      boolean fwd = false;
      boolean bwd = false;
      for (long packed : counts.subMap(day - Windows.LONG_DAYS + 1, true, day, true).values()) {
        fwd |= forward(packed) > 0;
        bwd |= backward(packed) > 0;
      }
      views[k][0] = (fwd ? 1 : 0) + (bwd ? 1 : 0);
      views[k][1] = fwd && bwd ? 2 : 0;
    }
    return views;
  }
}
