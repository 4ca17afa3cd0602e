package io.communitypulse.simulator;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic simulator of several online communities that produces the {@code ClickEvent} and
 * {@code PostEvent} streams their sites would send (docs/producing-events.md), in emission order:
 * roughly by {@code occurred_at}, up to 5 s out of order, late events (if asked for) more than two
 * hours after their time, and exact duplicates a few events after their original.
 *
 * <p>What it models: members with Zipf-like activity and 90-9-1 participation (1% create most
 * posts, 9% sometimes reply, react or share, the rest only read), whose lives move day by day (see
 * {@link Population}): members who come for the first time weeks into the period, sign-ups,
 * newcomers who ask a question and, once answered, often start helping others, readers who start
 * contributing and contributors who stop, members who fade to silence and a few who come back; a
 * daily rhythm per community; visits of page views, searches and clicks 10 s to 20 min apart, in
 * which members sign in after 1-3 anonymous pages, some on a second device or a device shared with
 * another member, while pure visitors never sign in and a few sign up; posts, replies by other
 * members (half with {@code target_member_id}, half left for the job's content join), reactions,
 * accepted answers, mentions and shares, whose links bring referred visits that sometimes sign up
 * or convert; a few self-replies and self-referrals. Every event passes the job's validation rules.
 *
 * <p>Each call to {@link #events()} or {@link #generate()} runs the simulation afresh, lazily:
 * memory does not grow with the number of events, so millions can be streamed. The same settings
 * give the same events, byte for byte in their JSON form.
 */
public final class CommunitySimulator {

  /**
   * The version of the simulated behaviour: the same settings and seed give other events after a
   * change of it, so anything that caches generated input (the benchmark) keys on it. Bump it with
   * every change to what the simulator generates.
   */
  public static final int BEHAVIOUR_VERSION = 2;

  private final SimulatorSettings settings;

  public CommunitySimulator(SimulatorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** The simulated community ids. */
  public List<String> communityIds() {
    return settings.communityIds();
  }

  /** A fresh run, in emission order, with each event's duplicate and late flags. */
  public Iterator<SimulatedEvent> iterator() {
    return new SimulationRun(settings);
  }

  /** A fresh run, in emission order, with each event's duplicate and late flags. */
  public Stream<SimulatedEvent> events() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** A fresh run of the events alone ({@code ClickEvent}s and {@code PostEvent}s). */
  public Stream<SpecificRecord> generate() {
    return events().map(SimulatedEvent::event);
  }
}
