package io.communitypulse.community;

import static io.communitypulse.community.CommunityFixtures.DAY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.HORIZON;
import static io.communitypulse.community.CommunityFixtures.HOUR;
import static io.communitypulse.community.CommunityFixtures.LATENESS;
import static io.communitypulse.community.CommunityFixtures.MINUTE;
import static io.communitypulse.community.CommunityFixtures.drainValues;
import static io.communitypulse.community.CommunityFixtures.json;
import static io.communitypulse.community.CommunityFixtures.keyed;
import static io.communitypulse.community.CommunityFixtures.unkeyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.MemberIndicators;
import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A property test of the two-phase community figures: a seeded random community (members joining,
 * fading, silent for more than 28 days and back, replying to each other, visitors, clicks moved
 * from a visitor to a member) runs through the member stage's deltas, the local combiners, the
 * reply pairs and the community stage, its signals shuffled within the allowed lateness; every
 * community-day document must equal an independent reference computed from docs/indicators.md on
 * the whole history.
 */
class TwoPhaseCommunityTest {

  private static final String MAKERS = "makers";
  private static final String TINKERS = "tinkers";
  private static final long LATENESS_MS = LATENESS.toMillis();
  private static final int DAYS = 90;
  private static final long TICK = 6 * HOUR;

  @Test
  void everyDocumentMatchesTheReferenceWithAWatermarkAdvancingDayByDay() throws Exception {
    for (long seed : new long[] {1L, 7L, 2026L}) {
      History history = History.generate(new Random(seed));
      Map<String, JsonNode> docs = run(history, new Random(seed + 1), false);
      long asOf = DAY0 + DAYS + 2;
      compare(history, docs, asOf, UtcDays.start(asOf), "seed " + seed);
    }
  }

  @Test
  void everyDocumentMatchesTheReferenceWhenTheInputEndsWithAMaxWatermark() throws Exception {
    long seed = 42L;
    History history = History.generate(new Random(seed));
    Map<String, JsonNode> docs = run(history, new Random(seed + 1), true);
    compare(history, docs, history.lastEventDay(), Long.MAX_VALUE, "end of input, seed " + seed);
  }

  // ---------------------------------------------------------------------------------------------
  // The pipeline, wired as EngagementJob#indicators wires it.

  private static Map<String, JsonNode> run(History history, Random order, boolean bounded)
      throws Exception {
    Long endOfInput = bounded ? history.lastEventDay() : null;
    KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, DocumentWrite> members =
        keyed(
            new MemberIndicators(
                "t1-pulse-members", JobDefaults.CONFIG.indicators(), HORIZON, endOfInput),
            MemberSignal::key);
    KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, CommunityDelta> pairs =
        keyed(new ReplyPairs(HORIZON), new ReplyPairs.PairKey());
    OneInputStreamOperatorTestHarness<CommunityDelta, CommunityDelta> memberCombiner =
        unkeyed(new CommunityDeltaCombiner());
    OneInputStreamOperatorTestHarness<CommunityDelta, CommunityDelta> pairCombiner =
        unkeyed(new CommunityDeltaCombiner());
    KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> communities =
        keyed(CommunityFixtures.indicators(Duration.ZERO, endOfInput), CommunityDelta::key);
    Map<String, JsonNode> latest = new HashMap<>();
    Map<String, Long> versions = new HashMap<>();
    long checkpoint = 0;
    try {
      List<Arrival> arrivals = new ArrayList<>(history.arrivals);
      arrivals.sort((a, b) -> Long.compare(a.arrival, b.arrival));
      long start = UtcDays.start(DAY0);
      long end = bounded ? UtcDays.start(DAY0 + DAYS - 4) : UtcDays.start(DAY0 + DAYS + 2);
      int next = 0;
      long watermark = start - 1;
      while (true) {
        List<Arrival> batch = new ArrayList<>();
        long upTo = watermark == Long.MAX_VALUE ? Long.MAX_VALUE : watermark;
        while (next < arrivals.size() && arrivals.get(next).arrival <= upTo) {
          batch.add(arrivals.get(next++));
        }
        // Shuffled within the tick; ordered per key where the job orders them (a withdrawal after
        // what it withdraws: both come from one upstream key).
        Collections.shuffle(batch, order);
        batch.sort((a, b) -> a.withdrawal == b.withdrawal ? 0 : a.withdrawal ? 1 : -1);
        for (Arrival a : batch) {
          if (a.signal != null) {
            members.processElement(a.signal, a.eventAt);
            if (ReplyPairs.isReplyToAnother(a.signal)) {
              pairs.processElement(a.signal, a.eventAt);
            }
          } else {
            communities.processElement(a.response, a.eventAt);
          }
        }
        members.processWatermark(watermark);
        pairs.processWatermark(watermark);
        Queue<StreamRecord<CommunityDelta>> memberDeltas =
            members.getSideOutput(MemberIndicators.COMMUNITY_DELTAS);
        if (memberDeltas != null) { // null until the first delta
          for (StreamRecord<CommunityDelta> r : memberDeltas) {
            memberCombiner.processElement(r.getValue(), watermark);
          }
          memberDeltas.clear();
        }
        members.getOutput().clear();
        for (CommunityDelta d : drainValues(pairs)) {
          pairCombiner.processElement(d, watermark);
        }
        if (order.nextInt(5) == 0) {
          // A checkpoint barrier between two watermarks.
          memberCombiner.prepareSnapshotPreBarrier(++checkpoint);
          pairCombiner.prepareSnapshotPreBarrier(checkpoint);
          forward(memberCombiner, communities);
          forward(pairCombiner, communities);
        }
        memberCombiner.processWatermark(watermark);
        pairCombiner.processWatermark(watermark);
        if (watermark == Long.MAX_VALUE) {
          memberCombiner.endInput();
          pairCombiner.endInput();
        }
        forward(memberCombiner, communities);
        forward(pairCombiner, communities);
        communities.processWatermark(watermark);
        for (DocumentWrite w : drainValues(communities)) {
          Long previous = versions.put(w.id, w.version);
          assertThat(previous == null || w.version > previous)
              .as("version of %s grows", w.id)
              .isTrue();
          latest.put(w.id, json(w));
        }
        if (watermark == Long.MAX_VALUE) {
          break;
        }
        if (watermark >= end) {
          if (!bounded) {
            assertThat(next).as("every signal was sent").isEqualTo(arrivals.size());
            break;
          }
          watermark = Long.MAX_VALUE;
        } else {
          watermark = watermark == start - 1 ? start : watermark + TICK;
        }
      }
      assertThat(memberCombiner.getOutput()).isEmpty();
    } finally {
      members.close();
      pairs.close();
      memberCombiner.close();
      pairCombiner.close();
      communities.close();
    }
    return latest;
  }

  private static void forward(
      OneInputStreamOperatorTestHarness<CommunityDelta, CommunityDelta> combiner,
      KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> communities)
      throws Exception {
    for (CommunityDelta d : drainValues(combiner)) {
      communities.processElement(new StreamRecord<>(d));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The comparison.

  private static void compare(
      History history, Map<String, JsonNode> docs, long asOf, long watermark, String run) {
    Set<String> expectedIds = new HashSet<>();
    int compared = 0;
    for (String community : List.of(MAKERS, TINKERS)) {
      Reference ref = new Reference(history, community);
      for (long day = ref.firstDay; day <= asOf; day++) {
        String id = community + "/" + LocalDate.ofEpochDay(day);
        expectedIds.add(id);
        assertThat(docs).as("%s: %s is written", run, id).containsKey(id);
        JsonNode doc = docs.get(id);
        Map<String, Object> want = ref.figures(day, watermark);
        for (Map.Entry<String, Object> e : want.entrySet()) {
          String what = run + ": " + id + " " + e.getKey();
          JsonNode got = doc.get(e.getKey());
          assertThat(got).as(what).isNotNull();
          if (e.getValue() == null) {
            assertThat(got.isNull()).as(what + " is null, got " + got).isTrue();
          } else if (e.getValue() instanceof Long n) {
            assertThat(got.asLong()).as(what).isEqualTo(n);
          } else if (e.getValue() instanceof Boolean b) {
            assertThat(got.isBoolean() && got.asBoolean() == b).as(what + " is " + b).isTrue();
          } else if (e.getValue() instanceof String text) {
            assertThat(got.asText()).as(what).isEqualTo(text);
          } else {
            assertThat(got.isNull()).as(what + " is not null").isFalse();
            assertThat(got.asDouble()).as(what).isCloseTo((Double) e.getValue(), within(1e-9));
          }
        }
        compared++;
      }
    }
    assertThat(docs.keySet()).as(run + ": no other documents").isEqualTo(expectedIds);
    assertThat(compared).isGreaterThan(150);
  }

  // ---------------------------------------------------------------------------------------------
  // The random history: the truth, and the signals the upstream stages would send for it.

  /** One signal (or one first response) and when it reaches the indicator stages. */
  record Arrival(
      MemberSignal signal,
      CommunityDelta response,
      long eventAt,
      long arrival,
      boolean withdrawal) {}

  record Post(String community, String member, String id, long at) {}

  record Reply(String community, String member, String target, long at, Post parent) {}

  /** Per member and day, the counts the level rules use. */
  static final class MemberDay {
    boolean active;
    long posts;
    long replies;
    long reactions;
    long shares;
    long answers;

    /** Replies received from another member (help received). */
    long received;

    /** Whether the member replied to another member that day (help given). */
    boolean helpedOther;
  }

  static final class History {
    final List<Arrival> arrivals = new ArrayList<>();
    final Map<String, Map<String, TreeMap<Long, MemberDay>>> memberDays = new HashMap<>();
    final Map<String, Map<Long, Set<String>>> visitors = new HashMap<>();
    final List<Post> posts = new ArrayList<>();
    final List<Reply> replies = new ArrayList<>();
    final Map<String, Map<Long, long[]>> dayEvents = new HashMap<>(); // posts, replies, shares
    long lastEventDay = Long.MIN_VALUE;
    private final Random random;
    private int ids;

    private History(Random random) {
      this.random = random;
    }

    long lastEventDay() {
      return lastEventDay;
    }

    static History generate(Random random) {
      History h = new History(random);
      h.community(MAKERS, 180, 40);
      h.community(TINKERS, 20, 6);
      return h;
    }

    private void community(String community, int memberCount, int visitorPool) {
      List<String> members = new ArrayList<>();
      long[] join = new long[memberCount];
      double[] rate = new double[memberCount];
      long[] fade = new long[memberCount];
      long[] gapFrom = new long[memberCount];
      long[] gapTo = new long[memberCount];
      double[] poster = new double[memberCount];
      for (int i = 0; i < memberCount; i++) {
        members.add("m-" + community.charAt(0) + i);
        join[i] = DAY0 + random.nextInt(DAYS - 10);
        rate[i] = new double[] {0.04, 0.15, 0.4, 0.85}[random.nextInt(4)];
        fade[i] = random.nextInt(10) < 3 ? join[i] + 5 + random.nextInt(40) : Long.MAX_VALUE;
        if (random.nextInt(4) == 0) {
          gapFrom[i] = join[i] + random.nextInt(20);
          gapTo[i] = gapFrom[i] + 29 + random.nextInt(15);
        } else {
          gapFrom[i] = Long.MAX_VALUE;
          gapTo[i] = Long.MAX_VALUE;
        }
        poster[i] = random.nextDouble() * 0.6;
      }
      Map<String, List<Post>> postsBy = new HashMap<>();
      for (long day = DAY0; day < DAY0 + DAYS; day++) {
        for (int i = 0; i < memberCount; i++) {
          if (day < join[i] || (day >= gapFrom[i] && day < gapTo[i])) {
            continue;
          }
          double p = day >= fade[i] ? rate[i] * Math.pow(0.8, day - fade[i]) : rate[i];
          if (random.nextDouble() >= p) {
            continue;
          }
          String m = members.get(i);
          int clicks = 1 + random.nextInt(3);
          for (int c = 0; c < clicks; c++) {
            long at = time(day);
            own(community, m, at);
            signal(MemberSignal.of(community, m, day, Field.PAGE_VIEWS, 1), at);
          }
          if (random.nextDouble() < poster[i]) {
            long at = time(day);
            Post post = new Post(community, m, "p-" + (++ids), at);
            posts.add(post);
            postsBy.computeIfAbsent(m, k -> new ArrayList<>()).add(post);
            own(community, m, at);
            signal(MemberSignal.of(community, m, day, Field.POSTS, 1), at);
            memberDay(community, m, day).posts++;
            dayEvent(community, day, 0);
          }
          int replyCount = random.nextDouble() < 0.45 ? 1 + random.nextInt(3) : 0;
          for (int r = 0; r < replyCount; r++) {
            long at = time(day);
            // Mostly within a circle of eight (so replies come back), a self reply now and then.
            int circle = i / 8 * 8;
            int j =
                random.nextInt(12) == 0
                    ? i
                    : random.nextInt(10) < 6
                        ? Math.min(memberCount - 1, circle + random.nextInt(8))
                        : random.nextInt(memberCount);
            String target = members.get(j);
            // Under the target's latest post of the last four days, if any, most of the time.
            Post parent = null;
            for (Post candidate : postsBy.getOrDefault(target, List.of())) {
              if (candidate.at < at && candidate.at >= at - 4 * DAY) {
                parent = candidate;
              }
            }
            parent = random.nextInt(10) < 7 ? parent : null;
            reply(new Reply(community, m, target, at, parent));
          }
          if (random.nextDouble() < 0.1) {
            long at = time(day);
            own(community, m, at);
            signal(MemberSignal.of(community, m, day, Field.SHARES, 1), at);
            memberDay(community, m, day).shares++;
            dayEvent(community, day, 2);
          }
          if (random.nextDouble() < 0.3) {
            long at = time(day);
            own(community, m, at);
            signal(MemberSignal.of(community, m, day, Field.REACTIONS_GIVEN, 1), at);
            memberDay(community, m, day).reactions++;
          }
        }
        int visits = random.nextInt(visitorPool / 3 + 1);
        for (int v = 0; v < visits; v++) {
          String visitor = "anon:" + community.charAt(0) + random.nextInt(visitorPool);
          long at = time(day);
          MemberSignal click = MemberSignal.of(community, visitor, day, Field.ACTIVE, 1);
          long arrival = signal(click, at);
          int j = random.nextInt(memberCount);
          if (random.nextInt(8) == 0 && join[j] <= day) {
            // The identity stage later stitches this click to a member who signed in.
            MemberSignal withdrawn = MemberSignal.of(community, visitor, day, Field.ACTIVE, -1);
            long later = Math.min(at + LATENESS_MS - 1, arrival + random.nextInt(3) * HOUR);
            arrivals.add(new Arrival(withdrawn, null, at, later, true));
            String m = members.get(j);
            MemberSignal mine = MemberSignal.ownEvent(community, m, at, 1);
            arrivals.add(new Arrival(mine, null, at, later, false));
            memberDay(community, m, day).active = true;
          } else {
            visitors
                .computeIfAbsent(community, k -> new HashMap<>())
                .computeIfAbsent(day, k -> new HashSet<>())
                .add(visitor);
          }
          lastEventDay = Math.max(lastEventDay, day);
        }
      }
    }

    private void reply(Reply r) {
      long day = UtcDays.of(r.at);
      replies.add(r);
      own(r.community, r.member, r.at);
      signal(MemberSignal.of(r.community, r.member, day, Field.REPLIES, 1), r.at);
      memberDay(r.community, r.member, day).replies++;
      dayEvent(r.community, day, 1);
      if (r.target.equals(r.member)) {
        return; // a self credit is not received: no pair, no answer
      }
      signal(MemberSignal.helped(r.community, r.member, day, r.target, 1), r.at);
      signal(MemberSignal.of(r.community, r.target, day, Field.REPLIES_RECEIVED, 1), r.at);
      memberDay(r.community, r.member, day).helpedOther = true;
      memberDay(r.community, r.target, day).received++;
      if (random.nextInt(8) == 0) {
        signal(MemberSignal.of(r.community, r.member, day, Field.ANSWERS_ACCEPTED, 1), r.at);
        memberDay(r.community, r.member, day).answers++;
      }
      if (r.parent != null) {
        FirstResponse f =
            new FirstResponse(r.community, "c-" + r.parent.id, r.parent.id, r.parent.at, r.at);
        arrivals.add(
            new Arrival(null, CommunityDelta.firstResponse(f), r.at, arrival(r.at), false));
      }
    }

    private void own(String community, String member, long at) {
      signal(MemberSignal.ownEvent(community, member, at, 1), at);
      memberDay(community, member, UtcDays.of(at)).active = true;
      lastEventDay = Math.max(lastEventDay, UtcDays.of(at));
    }

    private long signal(MemberSignal s, long at) {
      long arrival = arrival(at);
      arrivals.add(new Arrival(s, null, at, arrival, false));
      return arrival;
    }

    /** When a signal of an event at {@code at} arrives: mostly soon, a few nearly too late. */
    private long arrival(long at) {
      int kind = random.nextInt(10);
      long delay =
          kind < 6
              ? (long) (random.nextDouble() * HOUR)
              : kind < 9
                  ? (long) (random.nextDouble() * 6 * HOUR)
                  : (long) (random.nextDouble() * (LATENESS_MS - 1));
      return at + delay;
    }

    /** A random time of {@code day}, to the minute. */
    private long time(long day) {
      return UtcDays.start(day) + random.nextInt(24 * 60) * MINUTE;
    }

    private MemberDay memberDay(String community, String member, long day) {
      return memberDays
          .computeIfAbsent(community, k -> new HashMap<>())
          .computeIfAbsent(member, k -> new TreeMap<>())
          .computeIfAbsent(day, k -> new MemberDay());
    }

    private void dayEvent(String community, long day, int which) {
      dayEvents.computeIfAbsent(community, k -> new HashMap<>())
          .computeIfAbsent(day, k -> new long[3])[which]++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The reference: docs/indicators.md on the whole history, one community day at a time.

  static final class Reference {
    private final History h;
    private final String community;
    private final Map<String, TreeMap<Long, MemberDay>> members;
    final long firstDay;

    Reference(History history, String community) {
      this.h = history;
      this.community = community;
      this.members = history.memberDays.getOrDefault(community, Map.of());
      long first = Long.MAX_VALUE;
      for (TreeMap<Long, MemberDay> days : members.values()) {
        for (Map.Entry<Long, MemberDay> e : days.entrySet()) {
          if (e.getValue().active) {
            first = Math.min(first, e.getKey());
          }
        }
      }
      for (long day : history.visitors.getOrDefault(community, Map.of()).keySet()) {
        first = Math.min(first, day);
      }
      this.firstDay = first;
    }

    private long activeMembers(long from, long to) {
      long n = 0;
      for (TreeMap<Long, MemberDay> days : members.values()) {
        for (MemberDay d : days.subMap(from, true, to, true).values()) {
          if (d.active) {
            n++;
            break;
          }
        }
      }
      return n;
    }

    /** The median of times in ms, in minutes (the mean of the middle two); null when none. */
    private static Double medianMinutes(List<Long> millis) {
      if (millis.isEmpty()) {
        return null;
      }
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      int mid = sorted.size() / 2;
      double ms =
          sorted.size() % 2 == 1
              ? sorted.get(mid)
              : (sorted.get(mid - 1) + (double) sorted.get(mid)) / 2;
      return ms / MINUTE;
    }

    /** The level rank on {@code day}: creator 3, contributor 2, lurker 1, dormant 0. */
    private static int level(TreeMap<Long, MemberDay> days, long day) {
      long posts = 0;
      long replies = 0;
      long reactions = 0;
      long shares = 0;
      long answers = 0;
      long activeDays = 0;
      for (MemberDay d : days.subMap(day - 27, true, day, true).values()) {
        posts += d.posts;
        replies += d.replies;
        reactions += d.reactions;
        shares += d.shares;
        answers += d.answers;
        activeDays += d.active ? 1 : 0;
      }
      if (posts + answers >= 1 && posts + replies >= 3) {
        return 3;
      }
      if (posts + replies + reactions + shares >= 1) {
        return 2;
      }
      return activeDays >= 1 ? 1 : 0;
    }

    private static boolean any(
        TreeMap<Long, MemberDay> days,
        long from,
        long to,
        java.util.function.Predicate<MemberDay> p) {
      return days.subMap(from, true, to, true).values().stream().anyMatch(p);
    }

    Map<String, Object> figures(long day, long watermark) {
      Map<String, Object> f = new TreeMap<>();
      long a1 = activeMembers(day, day);
      long a7 = activeMembers(day - 6, day);
      long a28 = activeMembers(day - 27, day);
      f.put("active_members_1d", a1);
      f.put("active_members_7d", a7);
      f.put("active_members_28d", a28);
      f.put(
          "visitors_1d",
          (long) h.visitors.getOrDefault(community, Map.of()).getOrDefault(day, Set.of()).size());
      long newMembers = 0;
      for (TreeMap<Long, MemberDay> days : members.values()) {
        Long first = null;
        for (Map.Entry<Long, MemberDay> e : days.entrySet()) {
          if (e.getValue().active) {
            first = e.getKey();
            break;
          }
        }
        if (first != null && first == day) {
          newMembers++;
        }
      }
      f.put("new_members_1d", newMembers);
      long dailySum = 0;
      for (long d = day - 27; d <= day; d++) {
        dailySum += activeMembers(d, d);
      }
      Double stickiness = a28 == 0 ? null : dailySum / 28.0 / a28;
      f.put("stickiness", stickiness);
      long creators = 0;
      long contributors = 0;
      long lurkers = 0;
      long promoted = 0;
      long demoted = 0;
      long newcomers = 0;
      long retained = 0;
      long helped = 0;
      long paidForward = 0;
      for (TreeMap<Long, MemberDay> days : members.values()) {
        int level = level(days, day);
        creators += level == 3 ? 1 : 0;
        contributors += level == 2 ? 1 : 0;
        lurkers += level == 1 ? 1 : 0;
        int before = level(days, day - 28);
        promoted += level > before ? 1 : 0;
        demoted += level < before ? 1 : 0;
        boolean activeNow = any(days, day - 27, day, d -> d.active);
        Long first =
            days.entrySet().stream()
                .filter(e -> e.getValue().active)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (first != null && first >= day - 55 && first <= day - 28) {
          newcomers++;
          retained += activeNow ? 1 : 0;
        }
        if (any(days, day - 55, day - 28, d -> d.received > 0)) {
          helped++;
          paidForward += any(days, day - 27, day, d -> d.helpedOther) ? 1 : 0;
        }
      }
      f.put("promoted_28d", promoted);
      f.put("demoted_28d", demoted);
      f.put("newcomer_retention_28d", newcomers == 0 ? null : retained / (double) newcomers);
      f.put("pay_it_forward_28d", helped == 0 ? null : paidForward / (double) helped);
      f.put("creators", creators);
      f.put("contributors", contributors);
      f.put("lurkers", lurkers);
      long[] events = h.dayEvents.getOrDefault(community, Map.of()).getOrDefault(day, new long[3]);
      f.put("posts", events[0]);
      f.put("replies", events[1]);
      f.put("shares", events[2]);

      // First responses: the earliest reply by another member under each POST dated that day.
      long dated = 0;
      long within24h = 0;
      List<Long> answered = new ArrayList<>();
      for (Post p : h.posts) {
        if (!p.community.equals(community) || UtcDays.of(p.at) != day) {
          continue;
        }
        dated++;
        Long first = null;
        for (Reply r : h.replies) {
          if (r.parent == p && !r.member.equals(p.member)) {
            first = first == null ? r.at - p.at : Math.min(first, r.at - p.at);
          }
        }
        if (first != null) {
          answered.add(first);
          within24h += first <= DAY ? 1 : 0;
        }
      }
      Double responseRate = dated == 0 ? null : within24h / (double) dated;
      f.put("response_rate_24h", responseRate);
      Double median = medianMinutes(answered);
      f.put("median_first_response_minutes", median);

      // The 7-day figures: POSTs dated in the seven days before D, answered within 24 h.
      long dated7 = 0;
      List<Long> within7 = new ArrayList<>();
      for (Post p : h.posts) {
        long d = UtcDays.of(p.at);
        if (!p.community.equals(community) || d < day - 7 || d > day - 1) {
          continue;
        }
        dated7++;
        Long first = null;
        for (Reply r : h.replies) {
          if (r.parent == p && !r.member.equals(p.member)) {
            first = first == null ? r.at - p.at : Math.min(first, r.at - p.at);
          }
        }
        if (first != null && first <= DAY) {
          within7.add(first);
        }
      }
      Double responseRate7d = dated7 == 0 ? null : within7.size() / (double) dated7;
      f.put("response_rate_24h_7d", responseRate7d);
      Double median7d = medianMinutes(within7);
      f.put("median_first_response_minutes_7d", median7d);

      // Distinct (replier, target) pairs of REPLYs to another member in the 28 days ending D.
      Set<String> pairs = new HashSet<>();
      for (Reply r : h.replies) {
        long d = UtcDays.of(r.at);
        if (r.community.equals(community)
            && !r.member.equals(r.target)
            && d > day - 28
            && d <= day) {
          pairs.add(r.member + "->" + r.target);
        }
      }
      long reciprocated = 0;
      for (String p : pairs) {
        String[] ends = p.split("->");
        reciprocated += pairs.contains(ends[1] + "->" + ends[0]) ? 1 : 0;
      }
      Double reciprocity = pairs.isEmpty() ? null : reciprocated / (double) pairs.size();
      f.put("reciprocity_28d", reciprocity);
      f.put("referral_visits", 0L);
      f.put("referral_conversions", 0L);
      f.put("referral_conversion_value", 0.0);
      f.put("referral_conversions_28d", 0L);
      f.put("referral_conversion_value_28d", 0.0);
      Double health =
          HealthIndex.of(
              stickiness,
              responseRate7d,
              median7d,
              reciprocity,
              a28 == 0 ? null : (creators + contributors) / (double) a28,
              HealthSettings.DEFAULTS);
      f.put("health_index", health);
      // No referral conversions in this history: healthy days are engaged_only, others struggling.
      f.put("value_quadrant", health == null ? null : health >= 60 ? "engaged_only" : "struggling");
      f.put(
          "final",
          watermark == Long.MAX_VALUE
              || watermark >= UtcDays.start(day + 1) + CommunityFixtures.FINAL_AFTER.toMillis());
      return f;
    }
  }
}
