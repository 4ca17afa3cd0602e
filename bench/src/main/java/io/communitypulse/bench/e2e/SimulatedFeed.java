package io.communitypulse.bench.e2e;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatedEvent;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The simulator's event stream (fixed seed, in emission order), cut into chunks that are encoded to
 * wire bytes and keyed as a site would (docs/producing-events.md, "Topics and keys") before a step
 * starts, so generating and encoding cost nothing while the job is measured. One simulation runs
 * through every chunk: the same members keep acting, event ids never repeat, and stitching,
 * sessions and indicators see one continuous community history.
 */
final class SimulatedFeed {

  private final Iterator<SimulatedEvent> events;
  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();

  SimulatedFeed(SimulatorSettings settings) {
    this.events = new CommunitySimulator(settings).iterator();
  }

  /** The next {@code n} events (fewer only if the simulation ends). */
  EventChunk next(int n) {
    boolean[] isClick = new boolean[n];
    byte[][] keys = new byte[n][];
    byte[][] values = new byte[n][];
    int i = 0;
    while (i < n && events.hasNext()) {
      SimulatedEvent e = events.next();
      keys[i] = Topics.key(e.event()).getBytes(StandardCharsets.UTF_8);
      if (e.event() instanceof ClickEvent click) {
        isClick[i] = true;
        values[i] = clicks.encode(click);
      } else {
        values[i] = posts.encode((PostEvent) e.event());
      }
      i++;
    }
    return new EventChunk(i, isClick, keys, values);
  }

  /**
   * Encoded events, in emission order.
   *
   * @param size how many of the arrays' entries are events
   */
  record EventChunk(int size, boolean[] isClick, byte[][] keys, byte[][] values) {}
}
