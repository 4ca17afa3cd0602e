package io.communitypulse.simulator;

/**
 * One run of page views, clicks and searches from one device, with gaps between steps of 10 s to 20
 * min (so always one session). Its timing is drawn when it is planned, so its end is known when it
 * starts and no overlapping visit of the same device or member is let in; what happens at each step
 * is decided when the step is due, from the community's state at that moment.
 */
final class Visit {

  /** Who is visiting. */
  enum Kind {
    MEMBER,
    VISITOR
  }

  final Community community;
  final Kind kind;
  final Device device;

  /** The member who signs in (or is signed in, or signs up) during the visit; null if none yet. */
  Member member;

  /** Whether clicks carry {@code member_id} now. */
  boolean signedIn;

  final long[] times;
  int step;

  /** The step that is a SIGN_IN, SIGN_UP or CONVERSION click; -1 for none. */
  int signInStep = -1;

  int signUpStep = -1;
  int conversionStep = -1;

  /** The share link this visit followed, or null. */
  Referral referral;

  /** The page the device is on, and the thread it shows (null for other pages). */
  String currentUrl;

  String currentContentId;

  /** Tie-break of the simulation's queue, for a deterministic order of equal times. */
  long order;

  Visit(Community community, Kind kind, Device device, Member member, long[] times) {
    this.community = community;
    this.kind = kind;
    this.device = device;
    this.member = member;
    this.times = times;
  }

  long time() {
    return times[step];
  }

  long end() {
    return times[times.length - 1];
  }

  int steps() {
    return times.length;
  }

  /** Moves to the next step; false when the visit is over. */
  boolean advance() {
    step++;
    return step < times.length;
  }
}
