package io.communitypulse.community;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything {@link CommunityIndicators} keeps about one community on one UTC day: per-member
 * counts, visitor actors, reply pairs, the first response of each POST dated that day, new members,
 * referral figures, and the source of the day's last emitted document (so an unchanged document is
 * not written again). Net counts only, never events, so a withdrawal is a negative add. A Flink
 * POJO (map state value).
 */
public class CommunityDay {

  /** Separates replier and target in {@link #pairs} keys; member ids never contain it. */
  static final char PAIR_SEPARATOR = '\u001f';

  public long day;

  /** Member id to that member's counts this day; empty entries are removed. */
  public Map<String, MemberDay> members = new HashMap<>();

  /** Visitor actor to its net number of events this day; zero entries are removed. */
  public Map<String, Long> visitors = new HashMap<>();

  /** {@code replier + PAIR_SEPARATOR + target} to the net number of such replies this day. */
  public Map<String, Long> pairs = new HashMap<>();

  /** POST event id (of a POST dated this day) to its smallest first-response time in ms. */
  public Map<String, Long> firstResponses = new HashMap<>();

  /** Members whose first own event is this day. */
  public long newMembers;

  public long referralVisits;
  public long referralConversions;
  public double referralConversionValue;

  /** The last document written for this day, null before the first. */
  public byte[] lastSource;

  public CommunityDay() {}

  static CommunityDay empty(long day) {
    CommunityDay d = new CommunityDay();
    d.day = day;
    return d;
  }

  /** Adds one signal (with its sign applied) to the day. New members are handled by the caller. */
  void add(CommunitySignal s) {
    long delta = s.sign * s.count;
    switch (s.kind) {
      case ACTIVE, POST, REPLY, REACTION, SHARE, ANSWER_ACCEPTED -> {
        MemberDay m = members.computeIfAbsent(s.member, k -> new MemberDay());
        m.add(s.kind, delta);
        if (m.isEmpty()) {
          members.remove(s.member);
        }
      }
      case VISIT -> merge(visitors, s.member, delta);
      case REPLY_PAIR -> merge(pairs, pairKey(s.member, s.other), delta);
      case FIRST_RESPONSE -> firstResponses.merge(s.postId, (long) s.value, Math::min);
      case REFERRAL_VISIT -> referralVisits += delta;
      case REFERRAL_CONVERSION -> {
        referralConversions += delta;
        referralConversionValue += s.sign * s.value;
      }
    }
  }

  static String pairKey(String replier, String target) {
    return replier + PAIR_SEPARATOR + target;
  }

  /** The reverse of a {@link #pairKey}. */
  static String reversePairKey(String key) {
    int i = key.indexOf(PAIR_SEPARATOR);
    return key.substring(i + 1) + PAIR_SEPARATOR + key.substring(0, i);
  }

  private static void merge(Map<String, Long> counts, String key, long delta) {
    counts.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b);
  }
}
