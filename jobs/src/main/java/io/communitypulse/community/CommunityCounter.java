package io.communitypulse.community;

/**
 * The counters a community-day document is summed from. Each is already a per-day fact about the
 * document's day D, decided upstream under the key that owns it (docs/semantics.md, "Two-phase
 * community figures"): a member's stage says whether that member was active on D, in the 7- and
 * 28-day sets of D, at which level on D; a reply pair's stage whether the pair and its reverse fall
 * in the 28 days ending D. The community stage only adds them up, so it keeps no member sets. New
 * counters must be appended: {@link CommunityDelta} and {@link CommunityDayTotals} index by
 * ordinal.
 */
public enum CommunityCounter {
  /** Members with an own event on D. */
  ACTIVE_1D,
  /** Members with an own event in D−6..D. */
  ACTIVE_7D,
  /** Members with an own event in D−27..D. */
  ACTIVE_28D,
  /** Σ over members of their active days in D−27..D (= Σ active_members_1d over those days). */
  ACTIVE_DAYS_28D,
  /** Members whose level on D (28-day window ending D) is creator. */
  CREATORS,
  CONTRIBUTORS,
  LURKERS,
  /** Members whose first own event is on D. */
  NEW_MEMBERS,
  /** POST, REPLY and SHARE events on D. */
  POSTS,
  REPLIES,
  SHARES,
  /** Visitor actors with an event on D. */
  VISITORS_1D,
  /** Distinct (replier, target) pairs of REPLYs with a target in D−27..D. */
  REPLY_PAIRS_28D,
  /** Those of the pairs whose reverse pair is also among them. */
  RECIPROCATED_PAIRS_28D,
  /** Sessions starting on D with a referred_by other than their actor. */
  REFERRAL_VISITS,
  /** CONVERSION clicks inside those sessions. */
  REFERRAL_CONVERSIONS,
  /**
   * Their conversion value in millionths, summed as whole numbers so any order gives the same bits.
   */
  REFERRAL_CONVERSION_MICROS,
  /** Members whose level on D is above their level on D−28 (levels: dormant < … < creator). */
  PROMOTED_28D,
  /** Members whose level on D is below their level on D−28. */
  DEMOTED_28D,
  /** Members whose first own event is in D−55..D−28: the newcomer cohort of D. */
  NEWCOMERS_28D_AGO,
  /** Those of the cohort with an own event in D−27..D. */
  NEWCOMERS_RETAINED,
  /** Members who received help (a reply from another member) in D−55..D−28. */
  HELPED_28D_AGO,
  /** Those of them who replied to another member in D−27..D. */
  HELPED_PAID_FORWARD,
  /** Σ of REFERRAL_CONVERSIONS over D−27..D, spread by each session to the 28 days it reaches. */
  REFERRAL_CONVERSIONS_28D,
  /** Σ of REFERRAL_CONVERSION_MICROS over D−27..D, spread likewise. */
  REFERRAL_CONVERSION_MICROS_28D;

  /** The enum's values, not cloned per call. */
  static final CommunityCounter[] ALL = values();

  /** The number of counters. */
  public static final int COUNT = ALL.length;
}
