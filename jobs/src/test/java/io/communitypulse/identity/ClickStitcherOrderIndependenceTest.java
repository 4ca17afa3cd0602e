package io.communitypulse.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.identity.ClickFixtures.Ledger;
import io.communitypulse.session.SessionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The stitcher's net attribution (emissions minus retractions) depends only on the set of clicks:
 * the same clicks fed in very different orders, with watermarks that make it forget and expire
 * state, must end with the same actor per click, and that actor must be the one {@link
 * StitchingRules} gives on the device's whole sorted timeline.
 */
class ClickStitcherOrderIndependenceTest {

  // Short enough that a few hundred clicks hit the run cap and the binding TTL too.
  private static final Duration GAP = Duration.ofMinutes(30);
  private static final Duration MAX_LENGTH = Duration.ofHours(3);
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Duration TTL = Duration.ofDays(2);

  private static final long LATENESS_MS = LATENESS.toMillis();

  private final List<ClickEvent> clicks = generate(new Random(20260302L));

  @Test
  void inEventTimeOrderTheNetAttributionFollowsTheRules() throws Exception {
    List<ClickEvent> sorted = new ArrayList<>(clicks);
    sorted.sort(Comparator.comparing(ClickEvent::getOccurredAt));

    assertThat(runWithWatermarks(sorted, 0, -1)).isEqualTo(expected());
  }

  @Test
  void shuffledWithinTheAllowedLatenessTheNetAttributionIsTheSame() throws Exception {
    for (long seed = 1; seed <= 4; seed++) {
      assertThat(runWithWatermarks(clicks, seed, -1)).as("seed %d", seed).isEqualTo(expected());
    }
  }

  @Test
  void fullyShuffledWithoutWatermarksTheNetAttributionIsTheSame() throws Exception {
    for (long seed = 11; seed <= 13; seed++) {
      List<ClickEvent> shuffled = new ArrayList<>(clicks);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(run(shuffled)).as("seed %d", seed).isEqualTo(expected());
    }
  }

  @Test
  void unboundClicksNewestFirstThenTheBindingsTheNetAttributionIsTheSame() throws Exception {
    List<ClickEvent> adversarial = new ArrayList<>(clicks);
    adversarial.sort(
        Comparator.comparing((ClickEvent c) -> c.getMemberId() != null)
            .thenComparing(ClickEvent::getOccurredAt, Comparator.reverseOrder()));

    assertThat(run(adversarial)).isEqualTo(expected());
  }

  @Test
  void aRestoreFromASnapshotMidwayChangesNothing() throws Exception {
    assertThat(runWithWatermarks(clicks, 5, clicks.size() / 2)).isEqualTo(expected());
  }

  /** Reference: the rules applied to each device's whole sorted timeline. */
  private Map<String, String> expected() {
    StitchingRules rules = new StitchingRules(GAP, MAX_LENGTH, TTL);
    Map<String, List<ClickEvent>> byDevice = new HashMap<>();
    for (ClickEvent c : clicks) {
      byDevice.computeIfAbsent(ClickStitcher.deviceKey(c), k -> new ArrayList<>()).add(c);
    }
    Map<String, String> actors = new HashMap<>();
    for (List<ClickEvent> device : byDevice.values()) {
      List<TimelineClick> timeline = new ArrayList<>();
      for (ClickEvent c : device) {
        timeline.add(
            new Binding(c.getOccurredAt().toEpochMilli(), c.getEventId(), c.getMemberId()));
      }
      timeline.sort(TimelineClick.ORDER);
      String[] members = rules.assignAll(timeline);
      String anonymousId = device.get(0).getAnonymousId();
      for (int i = 0; i < members.length; i++) {
        actors.put(
            timeline.get(i).eventId(),
            members[i] != null ? members[i] : ActivityEvents.visitorActor(anonymousId));
      }
    }
    return actors;
  }

  /** Feeds {@code order} with no watermark until the end: nothing is forgotten on the way. */
  private Map<String, String> run(List<ClickEvent> order) throws Exception {
    var h = openHarness(null);
    Ledger ledger = new Ledger();
    for (ClickEvent c : order) {
      ClickFixtures.feed(h, c);
    }
    return finish(h, ledger);
  }

  /**
   * Arrival order = event time plus a random delay of up to twice the lateness, watermark = latest
   * arrival key minus the lateness: every click is at most the lateness behind the watermark, as
   * the ingest stage guarantees, and many are behind it. Optionally snapshots and restores midway.
   */
  private Map<String, String> runWithWatermarks(List<ClickEvent> input, long seed, int restoreAt)
      throws Exception {
    Random random = new Random(seed);
    List<long[]> keyed = new ArrayList<>(); // {arrival key, index}
    for (int i = 0; i < input.size(); i++) {
      long delay = seed == 0 ? 0 : (long) (random.nextDouble() * 2 * LATENESS_MS);
      keyed.add(new long[] {input.get(i).getOccurredAt().toEpochMilli() + delay, i});
    }
    keyed.sort(Comparator.comparingLong((long[] k) -> k[0]).thenComparingLong(k -> k[1]));

    var h = openHarness(null);
    Ledger ledger = new Ledger();
    long watermark = Long.MIN_VALUE;
    for (int n = 0; n < keyed.size(); n++) {
      if (n == restoreAt) {
        ledger.apply(drain(h));
        OperatorSubtaskState snapshot = h.snapshot(1L, watermark);
        h.close();
        h = openHarness(snapshot);
      }
      ClickEvent c = input.get((int) keyed.get(n)[1]);
      if (watermark != Long.MIN_VALUE) {
        assertThat(c.getOccurredAt().toEpochMilli())
            .isGreaterThanOrEqualTo(watermark - LATENESS_MS);
      }
      ClickFixtures.feed(h, c);
      long next = keyed.get(n)[0] - LATENESS_MS;
      if (next > watermark) {
        watermark = next;
        h.processWatermark(watermark);
      }
      ledger.apply(drain(h));
    }
    return finish(h, ledger);
  }

  private Map<String, String> finish(
      KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> h, Ledger ledger)
      throws Exception {
    h.processWatermark(Long.MAX_VALUE);
    ledger.apply(drain(h));
    assertThat(h.numKeyedStateEntries()).as("state left at the end of input").isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
    assertThat(ledger.actors()).hasSameSizeAs(clicks);
    return ledger.actors();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent>
      openHarness(OperatorSubtaskState restoreFrom) throws Exception {
    var h =
        ClickFixtures.harness(
            new ClickStitcher(new SessionSettings(GAP, MAX_LENGTH, Duration.ZERO, TTL), LATENESS));
    if (restoreFrom != null) {
      h.initializeState(restoreFrom);
    }
    h.open();
    return h;
  }

  private static List<ActivityEvent> drain(
      KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ActivityEvent> h) {
    List<ActivityEvent> out = h.extractOutputValues();
    h.getOutput().clear();
    return out;
  }

  /**
   * A few hundred clicks on four devices (two of them the same cookie id in two communities) shared
   * by three members: mostly short gaps, some of exactly the session gap, some ties, some long
   * pauses, and sign-ins or signed-in pages here and there.
   */
  private static List<ClickEvent> generate(Random random) {
    String[][] devices = {{"makers", "d1"}, {"makers", "d2"}, {"makers", "d3"}, {"weavers", "d1"}};
    String[] members = {"ana", "ben", "chloe"};
    Instant start = Instant.parse("2026-03-02T00:00:00Z");
    List<ClickEvent> out = new ArrayList<>();
    for (String[] device : devices) {
      long t = start.toEpochMilli() + random.nextInt(3_600_000);
      for (int i = 0; i < 80; i++) {
        boolean longBrowse = random.nextDouble() < 0.05;
        // A long browse: an unbroken run longer than the cap, often ending with a sign-in.
        int run = longBrowse ? 12 + random.nextInt(6) : 1;
        for (int j = 0; j < run; j++) {
          t += longBrowse ? (15 + random.nextInt(14)) * 60_000L : gap(random);
          boolean binds =
              longBrowse ? j == run - 1 && random.nextDouble() < 0.7 : random.nextDouble() < 0.15;
          out.add(
              ClickFixtures.click(
                  device[0],
                  new UUID(random.nextLong(), random.nextLong()).toString(),
                  device[1],
                  Instant.ofEpochMilli(t),
                  binds ? members[random.nextInt(members.length)] : null,
                  binds && random.nextBoolean() ? ClickType.SIGN_IN : ClickType.PAGE_VIEW));
        }
      }
    }
    return out;
  }

  private static long gap(Random random) {
    double p = random.nextDouble();
    long minute = 60_000;
    if (p < 0.05) {
      return 0; // a tie, ordered by event id
    } else if (p < 0.10) {
      return GAP.toMillis(); // exactly the gap: breaks a run
    } else if (p < 0.55) {
      return random.nextInt((int) (10 * minute));
    } else if (p < 0.80) {
      return 10 * minute + random.nextInt((int) (19 * minute));
    } else if (p < 0.93) {
      return 30 * minute + random.nextInt((int) (4 * 60 * minute));
    } else {
      return 4 * 60 * minute + random.nextInt((int) (2 * 24 * 60 * minute));
    }
  }
}
