package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * One pass of the simulation, as an iterator in emission order. A discrete-event loop: visits wait
 * in a queue by the time of their next step; each hour of the period is planned just before the
 * clock reaches it, after the populations have moved to the hour's UTC day; each step's events go
 * to the {@link EmissionOrder}, which lets out what is due before the earliest pending step. Memory
 * holds the populations, the bounded content boards, the visits in progress and the jitter window,
 * never the whole stream.
 */
final class SimulationRun implements Iterator<SimulatedEvent> {

  private final List<Community> communities = new ArrayList<>();
  private final PriorityQueue<Visit> visits =
      new PriorityQueue<>(Comparator.comparingLong(Visit::time).thenComparingLong(v -> v.order));
  private final VisitPlanner planner;
  private final VisitActions actions;
  private final EmissionOrder emission;
  private final long end;
  private long plannedUntil;
  private long order;
  private boolean finished;

  SimulationRun(SimulatorSettings settings) {
    this.end = settings.end().toEpochMilli();
    this.plannedUntil = settings.start().toEpochMilli();
    List<String> ids = settings.communityIds();
    for (int i = 0; i < ids.size(); i++) {
      communities.add(
          Community.create(
              i,
              ids.get(i),
              settings.seed(),
              Math.floorDiv(plannedUntil, DailyRhythm.DAY_MS),
              settings.membersPerCommunity(),
              settings.visitorsPerCommunity()));
    }
    this.emission =
        new EmissionOrder(
            new SimRandom(SimRandom.derive(settings.seed(), "emission")),
            settings.lateShare(),
            settings.duplicateShare());
    this.planner = new VisitPlanner(end);
    this.actions = new VisitActions(planner, this::schedule, emission);
  }

  private void schedule(Visit v) {
    v.order = order++;
    visits.add(v);
  }

  @Override
  public boolean hasNext() {
    while (!emission.hasReady() && !finished) {
      advance();
    }
    return emission.hasReady();
  }

  @Override
  public SimulatedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the simulation is over");
    }
    return emission.poll();
  }

  private void advance() {
    if (plannedUntil < end && (visits.isEmpty() || visits.peek().time() >= plannedUntil)) {
      long to = Math.min(end, plannedUntil + DailyRhythm.HOUR_MS);
      long day = Math.floorDiv(plannedUntil, DailyRhythm.DAY_MS);
      for (Community c : communities) {
        c.population.startDay(day);
        planner.planHour(c, plannedUntil, to, this::schedule);
      }
      plannedUntil = to;
      return;
    }
    if (visits.isEmpty()) {
      emission.finish();
      finished = true;
      return;
    }
    Visit v = visits.poll();
    if (actions.act(v) && v.advance()) {
      schedule(v);
    }
    long frontier = visits.isEmpty() ? Long.MAX_VALUE : visits.peek().time();
    if (plannedUntil < end) {
      frontier = Math.min(frontier, plannedUntil);
    }
    emission.release(frontier);
  }
}
