package io.communitypulse.identity;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Time fixtures, click builders and a net-assignment ledger shared by the identity tests. */
final class ClickFixtures {

  static final String COMMUNITY = "makers";

  /** A Monday morning, aligned to the stitcher's buckets like any whole hour. */
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private ClickFixtures() {}

  static Instant at(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  static Instant minute(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  static ClickEvent page(String eventId, String device, Instant occurredAt) {
    return click(COMMUNITY, eventId, device, occurredAt, null, ClickType.PAGE_VIEW);
  }

  static ClickEvent signIn(String eventId, String device, Instant occurredAt, String member) {
    return click(COMMUNITY, eventId, device, occurredAt, member, ClickType.SIGN_IN);
  }

  /** A signed-in page view: it binds the device too. */
  static ClickEvent memberPage(String eventId, String device, Instant occurredAt, String member) {
    return click(COMMUNITY, eventId, device, occurredAt, member, ClickType.PAGE_VIEW);
  }

  static ClickEvent click(
      String community,
      String eventId,
      String device,
      Instant occurredAt,
      String member,
      ClickType type) {
    return ClickEvent.newBuilder()
        .setEventId(eventId)
        .setCommunityId(community)
        .setOccurredAt(occurredAt)
        .setAnonymousId(device)
        .setMemberId(member)
        .setType(type)
        .setUrl("https://" + community + ".example/" + eventId)
        .setUserAgent("Mozilla/5.0 (X11; Linux x86_64)")
        .setIp("203.0.113.7")
        .build();
  }

  /** A stitcher under test, run with Kryo disabled so that any generic state type fails loudly. */
  static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> harness(
      ClickStitcher stitcher) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(stitcher), new ClickStitcher.DeviceKey(), Types.STRING);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    return h;
  }

  static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> h, ClickEvent... cs)
      throws Exception {
    for (ClickEvent c : cs) {
      h.processElement(c, c.getOccurredAt().toEpochMilli());
    }
  }

  /**
   * The net effect of a stream of emissions and retractions: which actor each event id belongs to.
   * It fails on a retraction of something not currently emitted and on an event held by two actors.
   */
  static final class Ledger {
    private final Map<String, String> actorOf = new HashMap<>();
    private final Map<String, ActivityEvent> eventOf = new HashMap<>();

    void apply(List<ActivityEvent> out) {
      for (ActivityEvent e : out) {
        apply(e);
      }
    }

    void apply(ActivityEvent e) {
      if (e.retraction) {
        if (!e.actor.equals(actorOf.get(e.eventId))) {
          throw new AssertionError(
              "retracts what is not emitted: " + e + " (held by " + actorOf.get(e.eventId) + ")");
        }
        actorOf.remove(e.eventId);
        eventOf.remove(e.eventId);
      } else {
        if (actorOf.containsKey(e.eventId)) {
          throw new AssertionError("emitted twice without a retraction: " + e);
        }
        actorOf.put(e.eventId, e.actor);
        eventOf.put(e.eventId, e);
      }
    }

    Map<String, String> actors() {
      return Map.copyOf(actorOf);
    }

    String actorOf(String eventId) {
      return actorOf.get(eventId);
    }

    ActivityEvent event(String eventId) {
      return eventOf.get(eventId);
    }

    static List<ActivityEvent> retractions(List<ActivityEvent> out) {
      List<ActivityEvent> r = new ArrayList<>();
      for (ActivityEvent e : out) {
        if (e.retraction) {
          r.add(e);
        }
      }
      return r;
    }
  }
}
