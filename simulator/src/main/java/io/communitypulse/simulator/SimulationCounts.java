package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a simulation emitted: events by kind and type, how many were duplicate copies or late, and
 * how many broken lines were mixed in. A plain single-threaded tally.
 */
public final class SimulationCounts {

  private final EnumMap<ClickType, Long> clickTypes = new EnumMap<>(ClickType.class);
  private final EnumMap<PostType, Long> postTypes = new EnumMap<>(PostType.class);
  private long clicks;
  private long posts;
  private long duplicates;
  private long late;
  private long malformed;

  /** Counts one emitted event. */
  public void count(SimulatedEvent e) {
    if (e.event() instanceof ClickEvent click) {
      clicks++;
      clickTypes.merge(click.getType(), 1L, Long::sum);
    } else {
      posts++;
      postTypes.merge(((PostEvent) e.event()).getType(), 1L, Long::sum);
    }
    if (e.duplicate()) {
      duplicates++;
    } else if (e.late()) {
      late++;
    }
  }

  /** Counts one deliberately broken line. */
  public void countMalformed() {
    malformed++;
  }

  /** Everything emitted: clicks, posts (copies included) and broken lines. */
  public long events() {
    return clicks + posts + malformed;
  }

  public long clicks() {
    return clicks;
  }

  public long posts() {
    return posts;
  }

  /** Copies of an earlier event (included in clicks and posts). */
  public long duplicates() {
    return duplicates;
  }

  /** Originals emitted late (included in clicks and posts). */
  public long late() {
    return late;
  }

  public long malformed() {
    return malformed;
  }

  public Map<ClickType, Long> clickTypes() {
    return Collections.unmodifiableMap(clickTypes);
  }

  public Map<PostType, Long> postTypes() {
    return Collections.unmodifiableMap(postTypes);
  }

  /** E.g. {@code 18034 events (16012 clicks, 1842 posts, 180 duplicates, 0 late, 0 malformed)}. */
  public String summary() {
    return String.format(
        "%d events (%d clicks, %d posts, %d duplicates, %d late, %d malformed)",
        events(), clicks, posts, duplicates, late, malformed);
  }

  /** Counts per type, e.g. {@code PAGE_VIEW=9000 CLICK=3000 ... POST=80 REPLY=200 ...}. */
  public String byType() {
    String c =
        clickTypes.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    String p =
        postTypes.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return (c + " " + p).strip();
  }

  @Override
  public String toString() {
    return summary();
  }
}
