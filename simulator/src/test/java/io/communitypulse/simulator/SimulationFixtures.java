package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.JsonEventFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A fixed-start default simulation, generated once and shared by the tests that inspect it. */
final class SimulationFixtures {

  /** A Monday, so the two default days are weekdays. */
  static final Instant START = Instant.parse("2025-03-03T00:00:00Z");

  static final SimulatorSettings DEFAULTS = SimulatorSettings.defaults().withStart(START);

  private static List<SimulatedEvent> defaultRun;

  private SimulationFixtures() {}

  /** The default run, in emission order (generated on first use). */
  static synchronized List<SimulatedEvent> defaultRun() {
    if (defaultRun == null) {
      defaultRun = run(DEFAULTS);
    }
    return defaultRun;
  }

  static List<SimulatedEvent> run(SimulatorSettings settings) {
    List<SimulatedEvent> events = new ArrayList<>();
    new CommunitySimulator(settings).iterator().forEachRemaining(events::add);
    return events;
  }

  static List<String> json(List<SimulatedEvent> events) {
    JsonEventFormat format = new JsonEventFormat();
    return events.stream().map(e -> format.toJson(e.event())).toList();
  }

  /** The originals (no duplicate copies), in emission order. */
  static List<SimulatedEvent> originals(List<SimulatedEvent> events) {
    return events.stream().filter(e -> !e.duplicate()).toList();
  }

  static List<ClickEvent> clicks(List<SimulatedEvent> events) {
    return originals(events).stream()
        .filter(SimulatedEvent::isClick)
        .map(e -> (ClickEvent) e.event())
        .toList();
  }

  static List<PostEvent> posts(List<SimulatedEvent> events) {
    return originals(events).stream()
        .filter(e -> !e.isClick())
        .map(e -> (PostEvent) e.event())
        .toList();
  }

  static String communityOf(SimulatedEvent e) {
    return e.event() instanceof ClickEvent c
        ? c.getCommunityId()
        : ((PostEvent) e.event()).getCommunityId();
  }

  static String eventIdOf(SimulatedEvent e) {
    return e.event() instanceof ClickEvent c
        ? c.getEventId()
        : ((PostEvent) e.event()).getEventId();
  }
}
