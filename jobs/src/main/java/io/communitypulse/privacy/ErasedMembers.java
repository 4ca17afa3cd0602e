package io.communitypulse.privacy;

import io.communitypulse.state.Hash128;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The suppression list: members forgotten less than {@code erasure.suppress-for} ago, whose events
 * every stage drops. It holds the {@link Hash128} of {@code community_id/member_id} (as hex) and
 * the wall-clock time the suppression ends, never an id, so the list itself names nobody. Kept in
 * Flink broadcast state (checkpointed with every stage), read through a per-task map that is
 * rebuilt whenever the list changes or the task restores.
 */
public final class ErasedMembers {

  /** The broadcast state every forgetting stage keeps: member hash → suppressed until (millis). */
  public static final MapStateDescriptor<String, Long> DESCRIPTOR =
      new MapStateDescriptor<>("erased-members", Types.STRING, Types.LONG);

  private final Map<String, Long> until;

  /** When the earliest entry ends: from then on this copy is out of date. */
  private final long firstEnd;

  private ErasedMembers(Map<String, Long> until) {
    this.until = until;
    this.firstEnd = until.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
  }

  /**
   * The entries of a stage's broadcast state still running at {@code now}. The state itself drops
   * ended entries only when the next request comes; this copy leaves them out at once, so a stage
   * stops screening as soon as the last suppression ends.
   */
  public static ErasedMembers of(ReadOnlyBroadcastState<String, Long> state, long now)
      throws Exception {
    Map<String, Long> running = new HashMap<>();
    for (Map.Entry<String, Long> e : state.immutableEntries()) {
      if (e.getValue() > now) {
        running.put(e.getKey(), e.getValue());
      }
    }
    return new ErasedMembers(running);
  }

  /** A list of given entries (tests). */
  public static ErasedMembers of(Map<String, Long> until) {
    return new ErasedMembers(Map.copyOf(until));
  }

  /** Whether an entry has ended by {@code now}, so the list should be read again. */
  public boolean isOutdated(long now) {
    return now >= firstEnd;
  }

  /**
   * Adds {@code erasure} to {@code state} unless suppression is off, and removes the entries that
   * ended by {@code now}.
   */
  public static void record(
      BroadcastState<String, Long> state, Erasure erasure, long suppressForMillis, long now)
      throws Exception {
    if (suppressForMillis > 0) {
      long end = erasure.requestedAt + suppressForMillis;
      String hash = hash(erasure.communityId, erasure.memberId);
      Long previous = state.get(hash);
      if (end > now && (previous == null || previous < end)) {
        state.put(hash, end);
      }
    }
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, Long> e : state.entries()) {
      if (e.getValue() <= now) {
        ended.add(e.getKey());
      }
    }
    for (String hash : ended) {
      state.remove(hash);
    }
  }

  public boolean isEmpty() {
    return until.isEmpty();
  }

  /** Whether {@code memberId} of {@code communityId} is suppressed at {@code now}. */
  public boolean contains(String communityId, String memberId, long now) {
    if (until.isEmpty() || communityId == null || memberId == null) {
      return false;
    }
    Long end = until.get(hash(communityId, memberId));
    return end != null && end > now;
  }

  /** The hex form of the 128-bit hash of {@code community_id/member_id}. */
  public static String hash(String communityId, String memberId) {
    Hash128 h = Hash128.of((communityId + "/" + memberId).getBytes(StandardCharsets.UTF_8));
    return String.format("%016x%016x", h.hi, h.lo);
  }
}
