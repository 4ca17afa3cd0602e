package io.communitypulse.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityType;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Time fixtures, event builders, the operator harness and a model of Elasticsearch for tests. */
final class SessionFixtures {

  static final String COMMUNITY = "makers";
  static final String MEMBER = "m-ada";
  static final String KEY = COMMUNITY + "/" + MEMBER;

  /** A Monday morning; every test time is an offset from it. */
  static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

  static final long GAP = JobDefaults.SESSION_GAP.toMillis();
  static final long MAX_LENGTH = JobDefaults.MAX_SESSION_LENGTH.toMillis();
  static final long LATENESS = JobDefaults.ALLOWED_LATENESS.toMillis();

  /** The live-update throttle the tests of live emissions exercise (the job's default is none). */
  static final Duration LIVE_UPDATE_INTERVAL = Duration.ofSeconds(5);

  static final long MINUTE = Duration.ofMinutes(1).toMillis();

  private SessionFixtures() {}

  static long at(Duration offset) {
    return T0 + offset.toMillis();
  }

  static long minutes(long m) {
    return T0 + m * MINUTE;
  }

  /** A click-stream event of {@link #MEMBER} from device {@code d1}. */
  static ActivityEvent click(String eventId, long at, ActivityType type) {
    ActivityEvent e = base(eventId, at, type);
    e.anonymousId = "d1";
    return e;
  }

  static ActivityEvent pageView(String eventId, long at, String url) {
    ActivityEvent e = click(eventId, at, ActivityType.PAGE_VIEW);
    e.url = url;
    return e;
  }

  static ActivityEvent post(String eventId, long at, ActivityType type) {
    ActivityEvent e = base(eventId, at, type);
    e.contentId = "c-" + eventId;
    return e;
  }

  private static ActivityEvent base(String eventId, long at, ActivityType type) {
    ActivityEvent e = new ActivityEvent();
    e.communityId = COMMUNITY;
    e.actor = MEMBER;
    e.memberId = MEMBER;
    e.eventId = eventId;
    e.occurredAt = at;
    e.type = type;
    return e;
  }

  static String idAt(long start) {
    return SessionRules.sessionId(COMMUNITY, MEMBER, start);
  }

  /** An assembler with the default gap and max length, whose input is up to an hour late. */
  static SessionAssembler assembler(Duration liveUpdateInterval) {
    return new SessionAssembler(
        JobDefaults.SESSIONS.withLiveUpdateInterval(liveUpdateInterval),
        JobDefaults.ALLOWED_LATENESS);
  }

  /** An opened harness that fails on any Kryo fallback, like the job does. */
  static KeyedOneInputStreamOperatorTestHarness<String, ActivityEvent, Session> harness(
      SessionAssembler assembler) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, ActivityEvent, Session> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(assembler), ActivityEvent::actorKey, Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    return harness;
  }

  /** How many events the assembler holds for a key, read from its keyed state. */
  static int heldEvents(
      KeyedOneInputStreamOperatorTestHarness<String, ActivityEvent, Session> harness, String key)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(key);
    MapState<String, ActivityEvent> events =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            SessionAssembler.eventsDescriptor());
    int n = 0;
    for (String ignored : events.keys()) {
      n++;
    }
    return n;
  }

  /**
   * Elasticsearch with external versioning, as the sink uses it: a write is applied only if its
   * version is higher than the document's (or its delete tombstone's). It also checks that every
   * emission of an id carries a strictly higher version than the previous one.
   */
  static final class DocumentStore {
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Session> documents = new HashMap<>();
    private int skipped;

    DocumentStore applyAll(List<Session> emissions) {
      emissions.forEach(this::apply);
      return this;
    }

    void apply(Session s) {
      Long current = versions.get(s.sessionId);
      if (current != null && s.version <= current) {
        skipped++;
        return;
      }
      versions.put(s.sessionId, s.version);
      if (s.deleted) {
        documents.remove(s.sessionId);
      } else {
        documents.put(s.sessionId, s);
      }
    }

    /** Documents by start time. */
    List<Session> documents() {
      List<Session> docs = new ArrayList<>(documents.values());
      docs.sort(Comparator.comparingLong(s -> s.start));
      return docs;
    }

    int skipped() {
      return skipped;
    }
  }

  /** Asserts that, per session id, versions strictly increase in emission order. */
  static void assertVersionsStrictlyIncreasePerId(List<Session> emissions) {
    Map<String, Long> last = new HashMap<>();
    for (Session s : emissions) {
      Long previous = last.put(s.sessionId, s.version);
      if (previous != null) {
        assertThat(s.version).as("version of %s after v%s", s, previous).isGreaterThan(previous);
      }
    }
  }

  /** Copies with version 0, to compare content and status. */
  static List<Session> withoutVersions(List<Session> sessions) {
    return sessions.stream()
        .map(
            s -> {
              Session c = s.copy();
              c.version = 0;
              return c;
            })
        .toList();
  }

  /** The expected closed documents: the pure rules over the event set. */
  static List<Session> closedSessionsOf(SessionRules rules, List<ActivityEvent> events) {
    List<Session> expected = new ArrayList<>();
    for (Session s : rules.sessions(events)) {
      Session closed = s.copy();
      closed.status = Session.Status.CLOSED;
      expected.add(closed);
    }
    return expected;
  }
}
