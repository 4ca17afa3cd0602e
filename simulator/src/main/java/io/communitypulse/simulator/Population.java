package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of one community and how they change from one UTC day to the next, so that a long
 * simulation shows growth and churn rather than a frozen 90-9-1 snapshot: members registered before
 * the period who come for the first time on a later day, sign-ups, readers who start contributing
 * (far sooner once another member answered their question), contributors who start creating, and
 * the way back down; members who fade (they stop contributing, visit less, then go silent), a few
 * of whom come back. Promotions make a member visit more often, demotions less.
 *
 * <p>Changes happen at midnight UTC, drawn from the community's random stream, so the same seed
 * gives the same lives. Who visits is drawn by {@link Member#visitWeight()}, from an index rebuilt
 * each day; members who sign up during the day visit at a flat rate until the next.
 */
final class Population {

  /** Of the members at the start, up to this share (rising with rank) has not come yet. */
  static final double LATE_ARRIVALS = 0.3;

  /** Daily chance that a member who has not come yet comes. */
  static final double ARRIVAL = 1.0 / 30;

  /** Daily chance that an active member starts fading. */
  static final double FADE = 0.003;

  /** The same in a member's first {@link #SETTLING_DAYS} of activity: many newcomers drop out. */
  static final double NEWCOMER_FADE = 0.04;

  static final int SETTLING_DAYS = 28;

  /** Daily chance that a fading member goes silent. */
  static final double SILENCE = 0.1;

  /** A fading member visits this much as often as when active. */
  static final double FADING_VISITS = 0.3;

  /** Daily chance that a silent member comes back, as a reader. */
  static final double RETURN = 0.003;

  /** Daily chances of a change of role for an active member. */
  static final double START_CONTRIBUTING = 0.0015;

  static final double START_CONTRIBUTING_WHEN_HELPED = 0.03;
  static final double START_CREATING = 0.001;
  static final double STOP_CONTRIBUTING = 0.012;
  static final double STOP_CREATING = 0.008;

  /** A member who moves up a role visits this much more often; down a role, this much less. */
  static final double PROMOTION_BOOST = 1.5;

  /** Share of members arriving, signing up or coming back with a question to ask. */
  static final double NEW_MEMBER_ASKS = 0.35;

  private final SimRandom random;
  private final List<Member> members = new ArrayList<>();
  private final List<Member> joinedToday = new ArrayList<>();
  private WeightedIndex weights;
  private double totalWeight;
  private long day;

  Population(SimRandom random, long firstDay) {
    this.random = random;
    this.day = firstDay;
  }

  /** Adds a member present from the start (active or, with {@code waiting}, to come later). */
  void addInitial(Member m, boolean waiting) {
    if (waiting) {
      m.stage = Member.Stage.WAITING;
    } else {
      // Settled long ago: no newcomer drop-out.
      m.activeSince = day - SETTLING_DAYS;
    }
    members.add(m);
  }

  /** A member who just signed up: visits at a flat rate today, by weight from tomorrow. */
  void addSignUp(Member m) {
    m.activeSince = day;
    m.hasQuestion = random.chance(NEW_MEMBER_ASKS);
    members.add(m);
    joinedToday.add(m);
  }

  /** Every member, in the order they joined (the most active of the start first). */
  List<Member> members() {
    return members;
  }

  /** Members who signed up today, not yet in the draw by weight. */
  List<Member> joinedToday() {
    return joinedToday;
  }

  /** The sum of the visit weights of the members in the draw. */
  double totalWeight() {
    return totalWeight;
  }

  /**
   * Moves to the UTC day {@code epochDay}, applying each midnight's changes since the current day;
   * the first call only builds the draw.
   */
  void startDay(long epochDay) {
    if (weights != null && epochDay <= day) {
      return;
    }
    for (long d = day + 1; d <= epochDay; d++) {
      for (Member m : members) {
        change(m, d);
      }
    }
    day = Math.max(day, epochDay);
    joinedToday.clear();
    double[] w = new double[members.size()];
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = members.get(i).visitWeight();
      total += w[i];
    }
    weights = new WeightedIndex(w);
    totalWeight = total;
  }

  private void change(Member m, long d) {
    switch (m.stage) {
      case WAITING -> {
        if (random.chance(ARRIVAL)) {
          activate(m, d);
        }
      }
      case ACTIVE -> {
        double fade = d - m.activeSince < SETTLING_DAYS ? NEWCOMER_FADE : FADE;
        if (random.chance(fade)) {
          m.stage = Member.Stage.FADING;
        } else {
          changeRole(m);
        }
      }
      case FADING -> {
        if (random.chance(SILENCE)) {
          m.stage = Member.Stage.GONE;
        }
      }
      case GONE -> {
        if (random.chance(RETURN)) {
          activate(m, d);
          setRole(m, Member.Role.READER);
        }
      }
    }
  }

  private void activate(Member m, long d) {
    m.stage = Member.Stage.ACTIVE;
    m.activeSince = d;
    m.hasQuestion = random.chance(NEW_MEMBER_ASKS);
  }

  private void changeRole(Member m) {
    double u = random.nextDouble();
    switch (m.role) {
      case READER -> {
        if (u < (m.helped ? START_CONTRIBUTING_WHEN_HELPED : START_CONTRIBUTING)) {
          setRole(m, Member.Role.CONTRIBUTOR);
        }
      }
      case CONTRIBUTOR -> {
        if (u < START_CREATING) {
          setRole(m, Member.Role.CREATOR);
        } else if (u < START_CREATING + STOP_CONTRIBUTING) {
          setRole(m, Member.Role.READER);
        }
      }
      case CREATOR -> {
        if (u < STOP_CREATING) {
          setRole(m, Member.Role.CONTRIBUTOR);
        }
      }
    }
  }

  private static void setRole(Member m, Member.Role role) {
    int steps = rank(role) - rank(m.role);
    m.propensity *= StrictMath.pow(PROMOTION_BOOST, steps);
    m.role = role;
    if (steps > 0) {
      m.helped = false;
    }
  }

  private static int rank(Member.Role role) {
    return switch (role) {
      case READER -> 0;
      case CONTRIBUTOR -> 1;
      case CREATOR -> 2;
    };
  }

  /** A member drawn by visit weight; any member, evenly, when nobody is active. */
  Member sample() {
    if (totalWeight <= 0) {
      return members.get(random.nextInt(members.size()));
    }
    return members.get(weights.sample(random));
  }

  /** A member other than {@code not}, by visit weight. */
  Member sampleOther(Member not) {
    for (int i = 0; i < 4; i++) {
      Member m = sample();
      if (m != not) {
        return m;
      }
    }
    return members.get(0) != not ? members.get(0) : members.get(1);
  }
}
