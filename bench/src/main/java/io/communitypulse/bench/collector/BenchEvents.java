package io.communitypulse.bench.collector;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.wire.JsonEventFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The events both targets send: page views of one community, each in the JSON form the collector
 * receives and as the {@link ClickEvent} a Java site would build for a plain producer; the same
 * field values either way.
 */
final class BenchEvents {

  static final String COMMUNITY = "bench-community";

  private final String[] json;
  private final ClickEvent[] clicks;

  BenchEvents(int count) {
    JsonEventFormat format = new JsonEventFormat();
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    json = new String[count];
    clicks = new ClickEvent[count];
    for (int i = 0; i < count; i++) {
      ClickEvent click =
          ClickEvent.newBuilder()
              .setEventId("bench-" + i)
              .setCommunityId(COMMUNITY)
              .setOccurredAt(at.plusMillis(i))
              .setAnonymousId("device-" + (i % 5000))
              .setMemberId(i % 3 == 0 ? "member-" + (i % 1000) : null)
              .setType(ClickType.PAGE_VIEW)
              .setUrl("https://community.example.com/t/" + (i % 700) + "/how-to-tune-kafka")
              .setReferrer(i % 4 == 0 ? "https://www.google.com/" : null)
              .setUserAgent(
                  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/131.0 Safari/537.36")
              .build();
      clicks[i] = click;
      json[i] = format.toJson(click);
    }
  }

  int size() {
    return clicks.length;
  }

  /** Events {@code from} to {@code from + n} (wrapping), as a JSON array. */
  String jsonBatch(int from, int n) {
    StringBuilder out = new StringBuilder(n * 420).append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(json[Math.floorMod(from + i, json.length)]);
    }
    return out.append(']').toString();
  }

  ClickEvent click(int i) {
    return ClickEvent.newBuilder(clicks[Math.floorMod(i, clicks.length)]).build();
  }
}
