package io.communitypulse.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decides who visits when: each hour, Poisson numbers of member, newcomer and visitor visits
 * following the community's daily rhythm, members drawn by their visit weight of the day (nobody
 * who has not come yet or has gone silent) and visitors by their activity weight; and after a
 * SHARE, the visits its link brings. It draws each visit's shape up front: how many steps, the gaps
 * between them, and at which step the device signs in, signs up or converts.
 */
final class VisitPlanner {

  /**
   * Average visits per weekday of a member of the start, were they all active (the heavy few make
   * most of them).
   */
  static final double MEMBER_VISITS_PER_DAY = 1.2;

  /** Visits per weekday of a member who signed up during the run. */
  static final double NEWCOMER_VISITS_PER_DAY = 0.8;

  static final double VISITOR_VISITS_PER_DAY = 0.45;

  static final long MIN_GAP_MS = 10_000;
  static final long MAX_GAP_MS = 20 * 60_000;
  private static final double MEDIAN_EXTRA_GAP_MS = 35_000;
  private static final double GAP_SIGMA = 1.1;

  /** A share link's visits arrive this long after the share, on average. */
  static final double REFERRAL_DELAY_MEAN_MS = 3 * DailyRhythm.HOUR_MS;

  /** Share of SHAREs whose author follows their own link later (a self-referral). */
  static final double SELF_REFERRAL = 0.1;

  private static final String[] NETWORKS = {
    "linkedin", "x", "reddit", "facebook", "mastodon", "bluesky"
  };
  private static final double[] NETWORK_WEIGHTS = {0.40, 0.22, 0.12, 0.10, 0.06, 0.10};
  private static final String[] NETWORK_REFERRERS = {
    "https://www.linkedin.com/",
    "https://t.co/",
    "https://www.reddit.com/",
    "https://l.facebook.com/",
    "https://mastodon.social/",
    "https://bsky.app/"
  };
  private static final double[] NETWORK_AUDIENCE = {3.0, 2.0, 2.5, 1.5, 1.0, 1.2};

  private final long end;

  VisitPlanner(long endMillis) {
    this.end = endMillis;
  }

  /** Plans the visits of {@code community} starting in [from, to). */
  void planHour(Community c, long from, long to, Consumer<Visit> schedule) {
    SimRandom r = c.random;
    double perHour = c.activity * c.rhythm.factor(from + (to - from) / 2) / 24.0;
    double fraction = (to - from) / (double) DailyRhythm.HOUR_MS;
    Population p = c.population;
    int memberVisits = r.poisson(MEMBER_VISITS_PER_DAY * p.totalWeight() * perHour * fraction);
    for (int i = 0; i < memberVisits; i++) {
      offer(memberVisit(c, p.sample(), r.betweenMillis(from, to), null), schedule);
    }
    List<Member> joined = p.joinedToday();
    int newcomerVisits = r.poisson(NEWCOMER_VISITS_PER_DAY * joined.size() * perHour * fraction);
    for (int i = 0; i < newcomerVisits; i++) {
      offer(memberVisit(c, r.pick(joined), r.betweenMillis(from, to), null), schedule);
    }
    if (!c.visitors.isEmpty()) {
      int visitorVisits =
          r.poisson(VISITOR_VISITS_PER_DAY * c.visitors.size() * perHour * fraction);
      for (int i = 0; i < visitorVisits; i++) {
        Device d = c.visitors.get(c.visitorWeights.sample(r));
        offer(visitorVisit(c, d, r.betweenMillis(from, to), null), schedule);
      }
    }
  }

  /** The network a member shares to. */
  String network(SimRandom r) {
    return NETWORKS[r.pickWeighted(NETWORK_WEIGHTS)];
  }

  /**
   * Plans the visits a share brings: mostly new devices, some returning visitors, a few other
   * members, and now and then the sharer themself following their own link.
   */
  void referredVisits(
      Community c,
      Member sharer,
      Device device,
      String contentId,
      String network,
      long at,
      Consumer<Visit> sink) {
    SimRandom r = c.random;
    int net = Arrays.asList(NETWORKS).indexOf(network);
    String link =
        c.threadUrl(contentId) + "?utm_source=" + network + "&utm_medium=social&ref=" + sharer.id;
    Referral referral = new Referral(sharer.id, link, contentId, NETWORK_REFERRERS[net]);
    double audience = NETWORK_AUDIENCE[net] * (sharer.role == Member.Role.CREATOR ? 1.5 : 1.0);
    int count = r.poisson(audience);
    for (int i = 0; i < count; i++) {
      long start = at + 60_000 + (long) r.exponential(REFERRAL_DELAY_MEAN_MS);
      double who = r.nextDouble();
      Visit v;
      if (who < 0.72 || c.visitors.isEmpty()) {
        v = visitorVisit(c, c.newDevice(r.chance(0.6)), start, referral);
      } else if (who < 0.92) {
        v = visitorVisit(c, c.visitors.get(c.visitorWeights.sample(r)), start, referral);
      } else {
        v = memberVisit(c, c.sampleOtherMember(sharer), start, referral);
      }
      offer(v, sink);
    }
    if (r.chance(SELF_REFERRAL)) {
      // Checking how the post looks on the network, still signed in on the device they shared from.
      long start = Math.max(at, sharer.busyUntil) + r.betweenMillis(2 * 60_000, 30 * 60_000);
      long[] times = times(r, start, 1 + r.geometric(1.5, 10));
      if (times != null) {
        Visit v = new Visit(c, Visit.Kind.MEMBER, device, sharer, times);
        v.referral = referral;
        v.signedIn = true;
        sink.accept(v);
      }
    }
  }

  private static void offer(Visit v, Consumer<Visit> schedule) {
    if (v != null) {
      schedule.accept(v);
    }
  }

  /**
   * A member's visit on one of their devices: already signed in (the device holds their cookie),
   * signing in after 1-3 anonymous pages, or reading without signing in.
   */
  Visit memberVisit(Community c, Member m, long start, Referral referral) {
    SimRandom r = c.random;
    Device device = m.devices.size() == 1 || r.chance(0.6) ? m.devices.get(0) : r.pick(m.devices);
    boolean cookie = device.signedIn == m;
    double mode = r.nextDouble();
    boolean alreadyIn = cookie && mode < 0.7;
    boolean anonymous = cookie ? mode >= 0.9 : mode >= 0.8;
    int after =
        r.geometric(
            switch (m.role) {
              case CREATOR -> 9;
              case CONTRIBUTOR -> 7;
              case READER -> 4;
            },
            40);
    int pre = r.between(1, 3);
    int steps = anonymous ? 1 + r.geometric(2.5, 20) : alreadyIn ? 1 + after : pre + 1 + after;
    long[] times = times(r, start, steps);
    if (times == null) {
      return null;
    }
    Visit v = new Visit(c, Visit.Kind.MEMBER, device, m, times);
    v.referral = referral;
    v.signedIn = alreadyIn;
    if (!anonymous && !alreadyIn) {
      v.signInStep = pre;
    }
    double conversion = referral != null ? 0.05 : 0.003;
    int firstSigned = alreadyIn ? 0 : anonymous ? 0 : pre;
    if (r.chance(conversion) && v.steps() > firstSigned + 1) {
      v.conversionStep = r.between(firstSigned + 1, v.steps() - 1);
    }
    return v;
  }

  /**
   * A visit by a device nobody is signed in on: a bounce or a short browse, now and then a SIGN_UP
   * (then the rest of the visit is the new member's) or a CONVERSION. Referred visits sign up and
   * convert far more often.
   */
  Visit visitorVisit(Community c, Device device, long start, Referral referral) {
    SimRandom r = c.random;
    boolean bounce = r.chance(referral != null ? 0.35 : 0.4);
    int steps = bounce ? 1 : 2 + r.geometric(2.5, 30);
    long[] times = times(r, start, steps);
    if (times == null) {
      return null;
    }
    Visit v = new Visit(c, Visit.Kind.VISITOR, device, null, times);
    v.referral = referral;
    if (v.steps() >= 2 && r.chance(referral != null ? 0.12 : 0.012)) {
      v.signUpStep = r.between(1, v.steps() - 1);
    }
    if (v.steps() >= 2 && r.chance(referral != null ? 0.08 : 0.004)) {
      int from = Math.max(1, v.signUpStep + 1);
      if (from < v.steps()) {
        v.conversionStep = r.between(from, v.steps() - 1);
      }
    }
    return v;
  }

  /** Step times from {@code start}, cut at the end of the period; null when none fits. */
  private long[] times(SimRandom r, long start, int steps) {
    if (start >= end) {
      return null;
    }
    long[] times = new long[steps];
    long t = start;
    int n = 0;
    while (n < steps && t < end) {
      times[n++] = t;
      // Shifted log-normal: no pile-up at the minimum, a long tail cut at the maximum.
      double gap = MIN_GAP_MS + MEDIAN_EXTRA_GAP_MS * StrictMath.exp(GAP_SIGMA * r.gaussian());
      t += Math.min(MAX_GAP_MS, (long) gap);
    }
    return n == steps ? times : Arrays.copyOf(times, n);
  }
}
