package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One simulated community: its members (at the start ranked by a Zipf-like activity weight, the
 * most active 1% being creators and the next 9% contributors; then changing day by day, see {@link
 * Population}), its anonymous visitors' devices, its content, its daily rhythm and its own random
 * stream, so that a community's events do not depend on how many other communities are simulated
 * beside it.
 */
final class Community {

  static final double CREATOR_SHARE = 0.01;
  static final double CONTRIBUTOR_SHARE = 0.09;

  /** Share of members who also use a second device (a phone, a work laptop). */
  static final double SECOND_DEVICE = 0.25;

  /** Share of members who also use a device another member uses (family or office computer). */
  static final double SHARED_DEVICE = 0.06;

  private static final String[] DESKTOP_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/130.0.0.0 Safari/537.36"
  };

  private static final String[] MOBILE_AGENTS = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/130.0.0.0 Mobile Safari/537.36"
  };

  // Documentation address ranges (RFC 5737, RFC 3849): realistic shape, nobody's real address.
  private static final String[] IPV4_PREFIXES = {"192.0.2.", "198.51.100.", "203.0.113."};

  private static final String[][] TAGS = {
    {"java", "kotlin", "gradle", "testing", "api", "release", "ci", "performance"},
    {"sql", "spark", "flink", "kafka", "dbt", "airflow", "modeling", "streaming"},
    {"kubernetes", "terraform", "aws", "gcp", "azure", "cost", "security", "serverless"},
    {"howto", "question", "showcase", "announcement", "feedback", "meetup", "career", "tooling"}
  };

  private static final int[] PEAK_HOURS_UTC = {15, 10, 18};
  private static final double[] ACTIVITY = {1.0, 0.85, 1.15};

  final String id;
  final String baseUrl;
  final SimRandom random;
  final DailyRhythm rhythm;
  final double activity;
  final String[] tags;
  final ContentBoard board;
  final EventFactory events;

  /**
   * Every member: those of the start ranked by activity (index 0 the most active), then joiners.
   */
  final Population population;

  final List<Device> visitors;
  final WeightedIndex visitorWeights;

  private int lastMemberNumber;

  private Community(
      int index, String id, long seed, long firstDay, int memberCount, int visitorCount) {
    this.id = id;
    this.baseUrl = "https://" + id + ".example.com";
    this.random = new SimRandom(SimRandom.derive(seed, id));
    this.rhythm =
        new DailyRhythm(
            index < PEAK_HOURS_UTC.length
                ? PEAK_HOURS_UTC[index]
                : Math.floorMod(7 * index + 5, 24));
    this.activity = index < ACTIVITY.length ? ACTIVITY[index] : 0.7 + 0.1 * (index % 6);
    this.tags = TAGS[Math.min(index, TAGS.length - 1)];
    this.board = new ContentBoard(300 + memberCount / 2);
    this.events = new EventFactory(id, random);
    this.population = new Population(random, firstDay);
    this.visitors = new ArrayList<>(visitorCount);
    this.visitorWeights =
        visitorCount == 0 ? null : new WeightedIndex(WeightedIndex.zipf(visitorCount, 0.7, 2.0));
  }

  /**
   * Builds the population of community number {@code index} (0-based) as it is on {@code firstDay}
   * (a UTC epoch day): every member registered, some of the less active ones not come yet.
   */
  static Community create(
      int index, String id, long seed, long firstDay, int memberCount, int visitorCount) {
    Community c = new Community(index, id, seed, firstDay, memberCount, visitorCount);
    int creators = Math.max(1, (int) Math.round(memberCount * CREATOR_SHARE));
    int contributors = Math.max(1, (int) Math.round(memberCount * CONTRIBUTOR_SHARE));
    double[] activity = WeightedIndex.zipf(memberCount, 1.0, 4.0);
    double total = 0;
    for (double a : activity) {
      total += a;
    }
    List<Member> members = c.population.members();
    for (int i = 0; i < memberCount; i++) {
      Member.Role role =
          i < creators
              ? Member.Role.CREATOR
              : i < creators + contributors ? Member.Role.CONTRIBUTOR : Member.Role.READER;
      // Propensities average 1, so the visits of a day are MEMBER_VISITS_PER_DAY per member.
      Member m = c.register(role, activity[i] * memberCount / total);
      m.devices.add(c.newDevice(false));
      if (c.random.chance(SECOND_DEVICE)) {
        m.devices.add(c.newDevice(true));
      }
      boolean waiting =
          i >= creators && c.random.chance(Population.LATE_ARRIVALS * i / memberCount);
      c.population.addInitial(m, waiting);
    }
    for (Member m : members) {
      if (c.random.chance(SHARED_DEVICE)) {
        Member other = members.get(c.random.nextInt(memberCount));
        if (other != m && !m.devices.contains(other.devices.get(0))) {
          m.devices.add(other.devices.get(0));
        }
      }
    }
    for (int i = 0; i < visitorCount; i++) {
      c.visitors.add(c.newDevice(c.random.chance(0.45)));
    }
    c.population.startDay(firstDay);
    return c;
  }

  private Member register(Member.Role role, double propensity) {
    return new Member(String.format(Locale.ROOT, "m%05d", ++lastMemberNumber), role, propensity);
  }

  /** A member created by a SIGN_UP on {@code device}; most newcomers only read. */
  Member signUp(Device device) {
    Member m =
        register(
            random.chance(0.15) ? Member.Role.CONTRIBUTOR : Member.Role.READER,
            VisitPlanner.NEWCOMER_VISITS_PER_DAY / VisitPlanner.MEMBER_VISITS_PER_DAY);
    m.devices.add(device);
    population.addSignUp(m);
    return m;
  }

  Device newDevice(boolean mobile) {
    String agent = mobile ? random.pick(MOBILE_AGENTS) : random.pick(DESKTOP_AGENTS);
    String ip =
        random.chance(0.1)
            ? "2001:db8:" + random.hex(4) + "::" + random.hex(3)
            : random.pick(IPV4_PREFIXES) + random.between(1, 254);
    return new Device(random.hex(16), agent, ip);
  }

  /** A member by visit weight (the active ones, the busiest most often). */
  Member sampleMember() {
    return population.sample();
  }

  /** A member other than {@code not}, by visit weight. */
  Member sampleOtherMember(Member not) {
    return population.sampleOther(not);
  }

  String threadUrl(String contentId) {
    return baseUrl + "/t/" + contentId;
  }
}
