package io.communitypulse.reference;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deliberately plain, batch re-statement of identity stitching and sessions (docs/semantics.md,
 * "Identity stitching" and "Sessions", with their bounds: the pre-sign-in pages reach back at most
 * a maximum session length, a sign-in claims later clicks for {@code identity.binding-ttl}),
 * written from the contract and not from the job's code: integration tests compare what the job
 * wrote to Elasticsearch with what this computes from the same input.
 */
public final class ReferenceSessions {

  private ReferenceSessions() {}

  /** One accepted event with the actor the spec gives it. */
  public record Attributed(SpecificRecord event, String communityId, String actor, long at) {
    String eventId() {
      return event instanceof ClickEvent c ? c.getEventId() : ((PostEvent) event).getEventId();
    }
  }

  /** Expected session documents, keyed by {@code community/actor/start-millis}. */
  public static Map<String, Map<String, Object>> compute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    return sessionsOf(attribute(accepted, gap, maxLength), gap, maxLength);
  }

  /** {@link #attribute(List, Duration, Duration, Duration)} with the default binding TTL. */
  public static List<Attributed> attribute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength) {
    return attribute(accepted, gap, maxLength, PulseConfig.defaults().sessions().bindingTtl());
  }

  /** Every accepted event with its actor (stitching for clicks; the member for posts). */
  public static List<Attributed> attribute(
      List<SpecificRecord> accepted, Duration gap, Duration maxLength, Duration bindingTtl) {
    List<Attributed> attributed = new ArrayList<>();
    Map<String, List<ClickEvent>> byDevice = new LinkedHashMap<>();
    for (SpecificRecord event : accepted) {
      if (event instanceof ClickEvent click) {
        byDevice
            .computeIfAbsent(
                click.getCommunityId() + "/" + click.getAnonymousId(), k -> new ArrayList<>())
            .add(click);
      } else {
        PostEvent post = (PostEvent) event;
        attributed.add(
            new Attributed(
                post,
                post.getCommunityId(),
                post.getMemberId(),
                post.getOccurredAt().toEpochMilli()));
      }
    }
    for (List<ClickEvent> clicks : byDevice.values()) {
      clicks.sort(
          Comparator.comparing((ClickEvent c) -> c.getOccurredAt())
              .thenComparing(ClickEvent::getEventId));
      for (int i = 0; i < clicks.size(); i++) {
        ClickEvent c = clicks.get(i);
        attributed.add(
            new Attributed(
                c,
                c.getCommunityId(),
                actorOf(clicks, i, gap, maxLength, bindingTtl),
                c.getOccurredAt().toEpochMilli()));
      }
    }

    return attributed;
  }

  /** Sessions over attributed events. */
  public static Map<String, Map<String, Object>> sessionsOf(
      List<Attributed> attributed, Duration gap, Duration maxLength) {
    Map<String, Map<String, Object>> sessions = new HashMap<>();
    for (List<Attributed> events : split(attributed, gap, maxLength)) {
      put(sessions, events);
    }
    return sessions;
  }

  /** Every session, as the list of its events in order. */
  public static List<List<Attributed>> split(
      List<Attributed> attributed, Duration gap, Duration maxLength) {
    Map<String, List<Attributed>> byActor = new LinkedHashMap<>();
    for (Attributed a : attributed) {
      byActor.computeIfAbsent(a.communityId() + "/" + a.actor(), k -> new ArrayList<>()).add(a);
    }
    List<List<Attributed>> sessions = new ArrayList<>();
    for (List<Attributed> events : byActor.values()) {
      events.sort(Comparator.comparingLong(Attributed::at).thenComparing(Attributed::eventId));
      List<Attributed> current = new ArrayList<>();
      for (Attributed e : events) {
        if (!current.isEmpty()) {
          long start = current.get(0).at();
          long previous = current.get(current.size() - 1).at();
          if (e.at() - previous >= gap.toMillis() || e.at() - start >= maxLength.toMillis()) {
            sessions.add(current);
            current = new ArrayList<>();
          }
        }
        current.add(e);
      }
      if (!current.isEmpty()) {
        sessions.add(current);
      }
    }
    return sessions;
  }

  /** The actor of the click at {@code i} of one device's clicks in event-time order. */
  private static String actorOf(
      List<ClickEvent> clicks, int i, Duration gap, Duration maxLength, Duration bindingTtl) {
    ClickEvent click = clicks.get(i);
    if (click.getMemberId() != null) {
      return click.getMemberId();
    }
    // 1. The run of unbound clicks that ends at the next binding click, gaps under the session
    //    gap (capped at the maximum session length, as the job documents).
    for (int j = i + 1; j < clicks.size(); j++) {
      ClickEvent next = clicks.get(j);
      long step = millis(next) - millis(clicks.get(j - 1));
      if (step >= gap.toMillis() || millis(next) - millis(click) >= maxLength.toMillis()) {
        break;
      }
      if (next.getMemberId() != null) {
        return next.getMemberId();
      }
    }
    // 2. The latest earlier binding, while it lasts (identity.binding-ttl).
    for (int j = i - 1; j >= 0; j--) {
      if (clicks.get(j).getMemberId() != null) {
        if (millis(click) - millis(clicks.get(j)) < bindingTtl.toMillis()) {
          return clicks.get(j).getMemberId();
        }
        break;
      }
    }
    // 3. A visitor.
    return "anon:" + click.getAnonymousId();
  }

  private static long millis(ClickEvent c) {
    return c.getOccurredAt().toEpochMilli();
  }

  private static void put(Map<String, Map<String, Object>> sessions, List<Attributed> events) {
    if (events.isEmpty()) {
      return;
    }
    Attributed first = events.get(0);
    Attributed last = events.get(events.size() - 1);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("community_id", first.communityId());
    doc.put("actor", first.actor());
    doc.put("member_id", first.actor().startsWith("anon:") ? null : first.actor());
    doc.put("start", first.at());
    doc.put("end", last.at());
    doc.put("duration_s", (last.at() - first.at()) / 1000.0);
    doc.put("events", (long) events.size());
    TreeSet<String> devices = new TreeSet<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String field :
        List.of(
            "page_views",
            "clicks",
            "searches",
            "posts",
            "replies",
            "reactions",
            "accepted_answers",
            "mentions",
            "shares",
            "conversions")) {
      counts.put(field, 0L);
    }
    double conversionValue = 0;
    String entryUrl = null;
    String exitUrl = null;
    String referrer = null;
    String referredBy = null;
    for (Attributed a : events) {
      if (a.event() instanceof ClickEvent c) {
        devices.add(c.getAnonymousId());
        String field =
            switch (c.getType()) {
              case PAGE_VIEW -> "page_views";
              case CLICK -> "clicks";
              case SEARCH -> "searches";
              case CONVERSION -> "conversions";
              default -> null;
            };
        if (field != null) {
          counts.merge(field, 1L, Long::sum);
        }
        if (c.getType() == ClickType.CONVERSION && c.getConversionValue() != null) {
          conversionValue += c.getConversionValue();
        }
        if (c.getUrl() != null) {
          if (entryUrl == null) {
            entryUrl = c.getUrl();
          }
          exitUrl = c.getUrl();
        }
        if (referrer == null && c.getReferrer() != null) {
          referrer = c.getReferrer();
        }
        if (referredBy == null && c.getReferredBy() != null) {
          referredBy = c.getReferredBy();
        }
      } else {
        PostEvent p = (PostEvent) a.event();
        String field =
            switch (p.getType()) {
              case POST -> "posts";
              case REPLY -> "replies";
              case REACTION -> "reactions";
              case ACCEPTED_ANSWER -> "accepted_answers";
              case MENTION -> "mentions";
              case SHARE -> "shares";
            };
        counts.merge(field, 1L, Long::sum);
      }
    }
    doc.put("anonymous_ids", new ArrayList<>(devices));
    doc.putAll(counts);
    doc.put("conversion_value", conversionValue);
    doc.put("entry_url", entryUrl);
    doc.put("exit_url", exitUrl);
    doc.put("referrer", referrer);
    doc.put("referred_by", referredBy);
    doc.put("status", "closed");
    sessions.put(first.communityId() + "/" + first.actor() + "/" + first.at(), doc);
  }
}
