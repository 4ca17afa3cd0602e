package io.communitypulse.session;

import io.communitypulse.identity.ActivityEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The session rules (docs/semantics.md, "Sessions") as a pure function of one actor's event set,
 * with no Flink in sight: events in order (time, then event id) are split where the gap to the
 * previous event is at least the session gap (events exactly one gap apart are in different
 * sessions, unlike Flink's stock session windows) or where an event lies at least the maximum
 * length after its session's start. Because the split depends only on the set, any arrival order
 * and any replay give the same sessions and the same ids.
 *
 * <p>{@link SessionAssembler} applies the same rules incrementally; tests check the two agree.
 */
public final class SessionRules {

  /** The order of events within an actor: time, then event id (a stable tie-break). */
  public static final Comparator<ActivityEvent> EVENT_ORDER =
      (a, b) -> {
        int byTime = Long.compare(a.occurredAt, b.occurredAt);
        return byTime != 0 ? byTime : compareIds(a.eventId, b.eventId);
      };

  private static final HexFormat HEX = HexFormat.of();

  /** Hex characters of a session id: 128 bits, so collisions are negligible at any scale. */
  static final int SESSION_ID_BYTES = 16;

  private final long gapMillis;
  private final long maxLengthMillis;

  public SessionRules(Duration sessionGap, Duration maxSessionLength) {
    if (sessionGap.isNegative() || sessionGap.isZero()) {
      throw new IllegalArgumentException("session gap must be positive, was " + sessionGap);
    }
    if (maxSessionLength.compareTo(sessionGap) < 0) {
      throw new IllegalArgumentException(
          "max session length " + maxSessionLength + " is shorter than the gap " + sessionGap);
    }
    this.gapMillis = sessionGap.toMillis();
    this.maxLengthMillis = maxSessionLength.toMillis();
  }

  public long gapMillis() {
    return gapMillis;
  }

  public long maxLengthMillis() {
    return maxLengthMillis;
  }

  /**
   * True when an event at {@code eventAt}, following an event at {@code previousAt} in a session
   * that started at {@code sessionStart}, begins a new session.
   */
  public boolean startsNewSession(long sessionStart, long previousAt, long eventAt) {
    return eventAt - previousAt >= gapMillis || eventAt - sessionStart >= maxLengthMillis;
  }

  /** Splits events sorted by {@link #EVENT_ORDER} into sessions, each a sorted run of events. */
  public List<List<ActivityEvent>> split(List<ActivityEvent> sorted) {
    List<List<ActivityEvent>> sessions = new ArrayList<>();
    List<ActivityEvent> current = null;
    long start = 0;
    ActivityEvent previous = null;
    for (ActivityEvent e : sorted) {
      if (previous != null && EVENT_ORDER.compare(previous, e) > 0) {
        throw new IllegalArgumentException("events are not sorted: " + previous + " > " + e);
      }
      if (current == null || startsNewSession(start, previous.occurredAt, e.occurredAt)) {
        current = new ArrayList<>();
        sessions.add(current);
        start = e.occurredAt;
      }
      current.add(e);
      previous = e;
    }
    return sessions;
  }

  /**
   * The sessions of an actor's event set, in any order, as summaries (status and version unset).
   */
  public List<Session> sessions(Collection<ActivityEvent> events) {
    return tallies(events).stream().map(t -> t.session).toList();
  }

  /** Like {@link #sessions(Collection)}, as running summaries the assembler can keep adding to. */
  List<SessionTally> tallies(Collection<ActivityEvent> events) {
    List<ActivityEvent> sorted = new ArrayList<>(events);
    sorted.sort(EVENT_ORDER);
    List<SessionTally> tallies = new ArrayList<>();
    for (List<ActivityEvent> run : split(sorted)) {
      tallies.add(summarize(run));
    }
    return tallies;
  }

  /** The summary of one session's events (non-empty, one actor). */
  public static SessionTally summarize(List<ActivityEvent> sessionEvents) {
    SessionTally tally = SessionTally.of(sessionEvents.get(0));
    for (int i = 1; i < sessionEvents.size(); i++) {
      tally.add(sessionEvents.get(i));
    }
    return tally;
  }

  /**
   * The deterministic session id, also the Elasticsearch document id: the first 128 bits of SHA-256
   * over {@code community_id/actor/start-millis}, as 32 lower-case hex characters. The input is
   * unambiguous because community ids cannot contain {@code /} and the start is the part after the
   * last one; two sessions of one actor never share a start, so ids are unique.
   */
  public static String sessionId(String communityId, String actor, long startMillis) {
    byte[] input = (communityId + "/" + actor + "/" + startMillis).getBytes(StandardCharsets.UTF_8);
    return HEX.formatHex(sha256(input), 0, SESSION_ID_BYTES);
  }

  static int compareIds(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
