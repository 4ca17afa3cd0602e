package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic nineteen weeks of history of three small communities, for tests that must see
 * what only a long history shows: days more than 56 days before the as-of day, members who go
 * silent for longer than the 28-day window and come back, members forgotten after more than {@code
 * member.memory} (90 days) of silence who come back as new, members whose documents stop changing
 * long before the as-of day, and movement in every growth, value and response figure.
 *
 * <p>Each community has twenty-odd members with a lifecycle and about twenty visitors. Members join
 * all through the history (newcomers who ask first and, half of them, answer others later; the
 * other half leave within a week) and grow from reading to replying to posting (promotions); some
 * fade out or visit once or twice and never again (demotions); some go silent for 40 to 48 or 65 to
 * 76 days and come back; one goes silent for 98 to 100 days, is forgotten and comes back as new;
 * nobody receives anything while silent, so silences are exact. One member joins in the last week
 * through a share link, and one of each community's devices is shared by two members. Visits start
 * with pre-sign-in pages, then a sign-in binds the device; later visits often skip the sign-in (the
 * latest binding claims them). Posts, replies (to posts and to replies, with and without {@code
 * target_member_id}, a few to oneself, some more than a day late), reactions, accepted answers,
 * mentions (a few without a target) and shares; visits through share links ({@code referred_by}) by
 * visitors and members, with sign-ups and conversions; a self-referral. On many nights a member
 * posts at 23:59 and another answers after midnight. No duplicates, no bad records, no session
 * crossing midnight UTC, every event in 07:00–22:00 UTC but those nightly posts (from 23:45) and
 * answers (until about 01:15), and the last one at noon of the last day.
 */
public final class LongHistory {

  /** The first day of the history. */
  public static final LocalDate FIRST_DAY = LocalDate.parse("2025-11-11");

  /** How many days it covers, the last one (the as-of day, 2026-03-23) included. */
  public static final int DAYS = 133;

  /** The communities, each with its own members, visitors and random stream. */
  public static final List<String> COMMUNITIES = List.of("lh-makers", "lh-answers", "lh-guild");

  private static final long SEED = 20_260_105L;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final int FADING = 12; // days from the first sign of fading to gone for good

  private LongHistory() {}

  /** The last day of the history, the as-of day of a replay of it. */
  public static LocalDate lastDay() {
    return FIRST_DAY.plusDays(DAYS - 1);
  }

  /** Every event of the history, in {@code occurred_at} order. */
  public static List<SpecificRecord> events() {
    List<SpecificRecord> all = new ArrayList<>();
    for (int c = 0; c < COMMUNITIES.size(); c++) {
      all.addAll(new CommunityHistory(COMMUNITIES.get(c), new Random(SEED * 31 + c)).generate());
    }
    all.sort(Comparator.comparingLong(InputPlan::occurredAt).thenComparing(InputPlan::eventId));
    return all;
  }

  /** The events of the last {@code days} days only: a short history with the same people. */
  public static List<SpecificRecord> lastDays(int days) {
    long from = lastDay().minusDays(days - 1L).toEpochDay() * 86_400_000L;
    return events().stream().filter(e -> InputPlan.occurredAt(e) >= from).toList();
  }

  /** What a member is doing over the history. */
  private static final class Member {
    final String id;
    final List<String> devices = new ArrayList<>();
    int join;
    int replierFrom = Integer.MAX_VALUE;
    int posterFrom = Integer.MAX_VALUE;
    int fadeFrom = Integer.MAX_VALUE;
    int silentFrom = Integer.MAX_VALUE;
    int silentTo = Integer.MAX_VALUE;
    int lastDay = Integer.MAX_VALUE;
    boolean viaLink;
    double rate;
    int lastActive = -1;

    Member(String id) {
      this.id = id;
    }

    boolean present(int day) {
      return day >= join && day <= lastDay && day - fadeFrom < FADING && !away(day);
    }

    /** Silent for a while, and coming back: nothing reaches the member meanwhile. */
    boolean away(int day) {
      return day >= silentFrom && day < silentTo;
    }
  }

  /** A post or a reply on a community's board. */
  private static final class Content {
    final String id;
    final String author;
    final long at;
    final Content parent;
    boolean answered;
    boolean accepted;

    Content(String id, String author, long at, Content parent) {
      this.id = id;
      this.author = author;
      this.at = at;
      this.parent = parent;
    }

    int day() {
      return (int) (at / 86_400_000L - FIRST_DAY.toEpochDay());
    }
  }

  /** One community's history, generated day by day. */
  private static final class CommunityHistory {
    private final String community;
    private final Random rnd;
    private final List<SpecificRecord> out = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Member> byId = new HashMap<>();
    private final List<String> visitorDevices = new ArrayList<>();
    private final List<Content> board = new ArrayList<>();
    private final Map<Integer, List<String>> referralsOn = new HashMap<>(); // day -> sharers
    private final Set<String> bound = new HashSet<>(); // device/member pairs that signed in once
    private int sequence;
    private long now;
    private boolean selfReferralDone;

    CommunityHistory(String community, Random rnd) {
      this.community = community;
      this.rnd = rnd;
    }

    List<SpecificRecord> generate() {
      plan();
      for (int day = 0; day < DAYS; day++) {
        // Visits start at distinct half hours so that one actor's visits never merge by accident.
        List<Integer> slots = new ArrayList<>();
        int lastSlot = day == DAYS - 1 ? 6 : 26; // the last day ends before noon
        for (int s = 0; s < lastSlot; s++) {
          slots.add(s);
        }
        java.util.Collections.shuffle(slots, rnd);
        int next = 0;
        for (Member m : members) {
          if (isActive(m, day) && next < slots.size()) {
            memberVisit(m, day, slots.get(next++), null);
          }
        }
        for (String sharer : referralsOn.getOrDefault(day, List.of())) {
          if (next >= slots.size()) {
            break;
          }
          referralVisit(sharer, day, slots.get(next++));
        }
        for (String device : visitorDevices) {
          if (rnd.nextDouble() < 0.12 && next < slots.size()) {
            visitorVisit(device, day, slots.get(next++), null, false);
          }
        }
        if (day < DAYS - 2 && !lull(day) && rnd.nextDouble() < 0.4) {
          lateNightPost(day);
        }
      }
      if (COMMUNITIES.indexOf(community) == 0) {
        // The very last event of the history: noon of the last day.
        Member core = members.get(0);
        now = dayStart(DAYS - 1) + 12 * HOUR - 5 * MINUTE;
        click(core.devices.get(0), core.id, ClickType.SIGN_IN, null, null);
        now += 5 * MINUTE;
        click(core.devices.get(0), core.id, ClickType.PAGE_VIEW, pageOf(null), null);
      }
      return out;
    }

    /** Twenty-odd members with lifecycles, and twenty visitors. */
    private void plan() {
      int index = COMMUNITIES.indexOf(community);
      List<String> lifecycles = new ArrayList<>();
      lifecycles.addAll(
          List.of(
              "core",
              "core",
              "growing",
              "growing",
              "returner",
              "returner",
              "forgotten",
              "fader",
              "fader",
              "brief",
              "reader",
              "midway",
              "late"));
      for (int n = 0; n < 7 + 2 * index; n++) {
        lifecycles.add("newcomer");
      }
      Member reader = null;
      Member grower = null;
      for (int i = 0; i < lifecycles.size(); i++) {
        Member m = new Member(community + "-m" + String.format("%02d", i));
        m.devices.add("d-" + m.id + "-a");
        if (rnd.nextDouble() < 0.4) {
          m.devices.add("d-" + m.id + "-b");
        }
        switch (lifecycles.get(i)) {
          case "core" -> { // reading, replying and posting within a week
            m.join = rnd.nextInt(4);
            m.replierFrom = m.join + 2;
            m.posterFrom = m.join + 5;
            m.rate = 0.65;
          }
          case "growing" -> { // a reader for about two weeks, a replier, then a poster
            m.join = 2 + rnd.nextInt(DAYS - 50);
            m.replierFrom = m.join + 10 + rnd.nextInt(6);
            m.posterFrom = m.replierFrom + 12 + rnd.nextInt(8);
            m.rate = 0.45;
            grower = m;
          }
          case "returner" -> { // silent for 40–48 days (the second: 65–76), then back for good
            boolean first = lifecycles.subList(0, i).stream().noneMatch("returner"::equals);
            m.join = rnd.nextInt(6);
            m.replierFrom = m.join + 1 + rnd.nextInt(3);
            m.posterFrom = first ? m.join + 4 : Integer.MAX_VALUE;
            m.silentFrom = m.join + 8 + rnd.nextInt(5);
            m.silentTo = m.silentFrom + (first ? 40 + rnd.nextInt(9) : 65 + rnd.nextInt(12));
            m.rate = 0.6;
          }
          case "forgotten" -> { // a few days, silent for 98–100 days, back as new in time to stay
            m.join = rnd.nextInt(2);
            m.replierFrom = m.join + 1;
            m.posterFrom = m.join + 1;
            m.silentFrom = m.join + 3 + rnd.nextInt(2);
            m.silentTo = m.silentFrom + 97 + rnd.nextInt(3);
            m.rate = 0.55;
          }
          case "fader" -> { // fading out, from a month in to the last six weeks
            m.join = rnd.nextInt(10);
            m.replierFrom = m.join + 3;
            m.fadeFrom = 25 + rnd.nextInt(DAYS - 65);
            m.rate = 0.55;
          }
          case "brief" -> { // one or two visits, never again
            m.join = 1 + rnd.nextInt(DAYS - 20);
            m.lastDay = m.join + 1;
            m.rate = 0.5;
          }
          case "reader" -> { // a reader throughout
            m.join = rnd.nextInt(30);
            m.rate = 0.3;
            reader = m;
          }
          case "midway" -> { // joining mid-way, replying at once
            m.join = 35 + rnd.nextInt(40);
            m.replierFrom = m.join + 1;
            m.rate = 0.5;
          }
          case "late" -> { // a sign-up through a share link in the last week
            m.join = DAYS - 6 + rnd.nextInt(4);
            m.replierFrom = m.join + 1;
            m.viaLink = true;
            m.rate = 0.5;
          }
          default -> { // a newcomer asks first; half of them answer others later, half leave
            m.join = 3 + rnd.nextInt(DAYS - 25);
            m.posterFrom = m.join + 1 + rnd.nextInt(3);
            if (rnd.nextBoolean()) {
              m.replierFrom = m.join + 6 + rnd.nextInt(14);
              m.rate = 0.45;
            } else {
              m.lastDay = m.join + 2 + rnd.nextInt(6);
              m.rate = 0.7;
            }
          }
        }
        members.add(m);
        byId.put(m.id, m);
      }
      // Two members share a device (a family computer): the latest sign-in claims its pages.
      String shared = "d-" + community + "-shared";
      reader.devices.add(shared);
      grower.devices.add(shared);
      for (int v = 0; v < 20; v++) {
        visitorDevices.add("v-" + community + "-" + v);
      }
    }

    private boolean isActive(Member m, int day) {
      if (!m.present(day)) {
        return false;
      }
      boolean active;
      if (day == m.join || day == m.silentTo || day == m.silentFrom - 1) {
        active = true; // the edges of a lifecycle are certain, so silences are exact
      } else {
        double rate = lull(day) ? m.rate / 2 : m.rate;
        if (day >= m.fadeFrom) {
          rate *= 1 - (day - m.fadeFrom) / (double) FADING;
        }
        active = rnd.nextDouble() < rate;
      }
      return active;
    }

    /** A member's visit: pre-sign-in pages and a sign-in, or a bound device; then actions. */
    private void memberVisit(Member m, int day, int slot, String referredBy) {
      now = slotStart(day, slot);
      String device = m.devices.get(rnd.nextInt(m.devices.size()));
      if (day == m.join && m.viaLink) {
        // The late joiner was a visitor on one of the visitor devices and signs up via a link.
        device = visitorDevices.get(0);
        String sharer = members.get(0).id;
        click(device, null, ClickType.PAGE_VIEW, pageOf(null), sharer);
        step();
        click(device, null, ClickType.PAGE_VIEW, pageOf(null), null);
        step();
        click(device, m.id, ClickType.SIGN_UP, null, null);
        bound.add(device + "/" + m.id);
        m.devices.add(device);
      } else if (!bound.contains(device + "/" + m.id) || rnd.nextDouble() < 0.5) {
        int pre = rnd.nextInt(4);
        for (int p = 0; p < pre; p++) {
          click(device, null, ClickType.PAGE_VIEW, pageOf(null), p == 0 ? referredBy : null);
          step();
        }
        click(device, m.id, ClickType.SIGN_IN, null, pre == 0 ? referredBy : null);
        bound.add(device + "/" + m.id);
      } else {
        click(device, null, ClickType.PAGE_VIEW, pageOf(null), referredBy);
      }
      m.lastActive = day;
      int actions = 2 + rnd.nextInt(day >= m.replierFrom ? 8 : 5);
      for (int a = 0; a < actions; a++) {
        step();
        double r = rnd.nextDouble();
        if (day >= m.posterFrom && r < 0.14) {
          post(m.id, PostType.POST, newContentId(), null, null, null);
          board.add(new Content(lastContentId(), m.id, now, null));
        } else if (day >= m.replierFrom && r < 0.34 && (!lull(day) || rnd.nextDouble() < 0.25)) {
          reply(m, day);
        } else if (day >= m.replierFrom && r < 0.46) {
          react(m, day);
        } else if (day >= m.posterFrom && r < 0.50) {
          accept(m);
        } else if (day >= m.replierFrom && r < 0.53) {
          mention(m, day);
        } else if (day >= m.posterFrom && r < 0.57 && !sharesStopped(day)) {
          share(m, day);
        } else if (r < 0.85) {
          Content viewed = recent(day, 3, null);
          click(device, maybe(m.id), ClickType.PAGE_VIEW, pageOf(viewed), null);
        } else if (r < 0.93) {
          click(device, maybe(m.id), ClickType.SEARCH, "/search?q=" + rnd.nextInt(50), null);
        } else {
          click(device, maybe(m.id), ClickType.CLICK, pageOf(null), null);
        }
      }
    }

    /**
     * A question posted at 23:59 by a member who visits at 23:45, mostly answered by another member
     * after midnight (a first response of minutes, on the next day), else later or never.
     */
    private void lateNightPost(int day) {
      List<Member> posters =
          members.stream()
              .filter(m -> m.present(day) && day >= m.posterFrom && !m.away(day + 1))
              .toList();
      if (posters.isEmpty()) {
        return;
      }
      Member poster = posters.get(rnd.nextInt(posters.size()));
      now = dayStart(day) + 23 * HOUR + 45 * MINUTE + rnd.nextInt(8) * MINUTE;
      click(poster.devices.get(0), poster.id, ClickType.PAGE_VIEW, pageOf(null), null);
      now = dayStart(day) + 23 * HOUR + 59 * MINUTE + rnd.nextInt(50_000);
      post(poster.id, PostType.POST, newContentId(), null, null, null);
      Content question = new Content(lastContentId(), poster.id, now, null);
      board.add(question);
      poster.lastActive = day;
      List<Member> repliers =
          members.stream()
              .filter(m -> m != poster && m.present(day + 1) && day + 1 >= m.replierFrom)
              .toList();
      if (repliers.isEmpty() || rnd.nextDouble() < 0.2) {
        return;
      }
      Member replier = repliers.get(rnd.nextInt(repliers.size()));
      now = dayStart(day + 1) + 5 * MINUTE + rnd.nextInt(60) * MINUTE;
      click(replier.devices.get(0), replier.id, ClickType.PAGE_VIEW, pageOf(question), null);
      step();
      String target = rnd.nextBoolean() ? poster.id : null;
      post(replier.id, PostType.REPLY, newContentId(), question.id, target, null);
      board.add(new Content(lastContentId(), replier.id, now, question));
      question.answered = true;
      replier.lastActive = day + 1;
    }

    /**
     * The third community has a lull: from day 60 to 84 its members come half as often and seldom
     * reply (health falls), and nobody shares from day 50 to 99 (no community-sourced conversions
     * for a while), so its days fall in every value quadrant.
     */
    private boolean lull(int day) {
      return COMMUNITIES.indexOf(community) == 2 && day >= 60 && day < 85;
    }

    private boolean sharesStopped(int day) {
      return COMMUNITIES.indexOf(community) == 2 && day >= 50 && day < 100;
    }

    private String maybe(String member) {
      return rnd.nextBoolean() ? member : null; // a bound device's click may not say who
    }

    private void reply(Member m, int day) {
      Content parent;
      double r = rnd.nextDouble();
      if (r < 0.12) {
        parent = unansweredPost(day, 8); // a late answer, up to eight days after the post
      } else if (r < 0.2) {
        parent = ownRecent(m, day); // talking to oneself: no credit, no answer
      } else {
        parent = recent(day, 3, m.id);
      }
      if (parent == null) {
        return;
      }
      String target = rnd.nextBoolean() ? parent.author : null; // else the content join finds it
      post(m.id, PostType.REPLY, newContentId(), parent.id, target, null);
      Content reply = new Content(lastContentId(), m.id, now, parent);
      board.add(reply);
      if (parent.parent == null && !parent.author.equals(m.id)) {
        parent.answered = true;
      }
    }

    private void react(Member m, int day) {
      Content content = rnd.nextDouble() < 0.08 ? ownRecent(m, day) : recent(day, 3, m.id);
      if (content != null) {
        String target = rnd.nextBoolean() ? content.author : null;
        post(m.id, PostType.REACTION, content.id, null, target, null);
      }
    }

    /** A post's author accepts another member's reply to it. */
    private void accept(Member m) {
      for (int i = board.size() - 1; i >= 0 && i >= board.size() - 60; i--) {
        Content c = board.get(i);
        if (c.parent != null
            && !c.accepted
            && c.parent.parent == null
            && c.parent.author.equals(m.id)
            && !c.author.equals(m.id)
            && !byId.get(c.author).away(day(now))
            && c.at < now) {
          c.accepted = true;
          String target = rnd.nextBoolean() ? c.author : null;
          post(m.id, PostType.ACCEPTED_ANSWER, c.id, null, target, null);
          return;
        }
      }
    }

    /** Mentions go to members active in the last three days, so silences stay silent. */
    private void mention(Member m, int day) {
      List<Member> around =
          members.stream()
              .filter(o -> o != m && o.present(day) && o.lastActive >= day - 3)
              .toList();
      String target =
          around.isEmpty() || rnd.nextDouble() < 0.2
              ? null
              : around.get(rnd.nextInt(around.size())).id;
      Content on = recent(day, 3, null);
      post(m.id, PostType.MENTION, on == null ? newContentId() : on.id, null, target, null);
    }

    private void share(Member m, int day) {
      Content on = recent(day, 5, null);
      if (on == null) {
        return;
      }
      post(m.id, PostType.SHARE, on.id, null, null, rnd.nextBoolean() ? "linkedin" : "x");
      int visits = 1 + rnd.nextInt(3);
      for (int v = 0; v < visits; v++) {
        int when = day + 1 + rnd.nextInt(2);
        if (when < DAYS) {
          referralsOn.computeIfAbsent(when, k -> new ArrayList<>()).add(m.id);
        }
      }
    }

    /**
     * A visit through {@code sharer}'s link: mostly a visitor, sometimes a member or the sharer.
     */
    private void referralVisit(String sharer, int day, int slot) {
      double r = rnd.nextDouble();
      Member sharerMember = byId.get(sharer);
      if (sharerMember.away(day)) {
        return; // nothing reaches a silent member, not even visits through their old links
      }
      if (!selfReferralDone && sharerMember.present(day)) {
        selfReferralDone = true; // following one's own link: no referral credit
        memberVisit(sharerMember, day, slot, sharer);
      } else if (r < 0.2) {
        List<Member> others =
            members.stream().filter(x -> !x.id.equals(sharer) && x.present(day)).toList();
        if (!others.isEmpty()) {
          memberVisit(others.get(rnd.nextInt(others.size())), day, slot, sharer);
        }
      } else {
        // Visitor 0's device becomes the late joiner's; the others stay visitors.
        String device = visitorDevices.get(1 + rnd.nextInt(visitorDevices.size() - 1));
        visitorVisit(device, day, slot, sharer, true);
      }
    }

    private void visitorVisit(
        String device, int day, int slot, String referredBy, boolean mayConvert) {
      now = slotStart(day, slot);
      click(device, null, ClickType.PAGE_VIEW, pageOf(recent(day, 3, null)), referredBy);
      int pages = rnd.nextInt(5);
      for (int p = 0; p < pages; p++) {
        step();
        click(
            device,
            null,
            rnd.nextDouble() < 0.8 ? ClickType.PAGE_VIEW : ClickType.SEARCH,
            pageOf(null),
            null);
      }
      if (mayConvert && rnd.nextDouble() < 0.35) {
        step();
        click(device, null, ClickType.SIGN_UP, "/signup", null);
      }
      if (mayConvert && rnd.nextDouble() < 0.4) {
        step();
        ClickEvent conversion =
            clickEvent(device, null, ClickType.CONVERSION, "/checkout/done", null);
        conversion.setConversionValue((double) (20 + rnd.nextInt(400)) + rnd.nextInt(100) / 100.0);
        out.add(conversion);
      }
    }

    private Content recent(int day, int days, String notBy) {
      List<Content> candidates = new ArrayList<>();
      for (int i = board.size() - 1; i >= 0; i--) {
        Content c = board.get(i);
        if (c.day() < day - days + 1) {
          break;
        }
        if (c.at < now - MINUTE
            && (notBy == null || !c.author.equals(notBy))
            && !byId.get(c.author).away(day)) {
          candidates.add(c);
        }
      }
      return candidates.isEmpty() ? null : candidates.get(rnd.nextInt(candidates.size()));
    }

    private Content ownRecent(Member m, int day) {
      for (int i = board.size() - 1; i >= 0 && board.get(i).day() >= day - 2; i--) {
        Content c = board.get(i);
        if (c.author.equals(m.id) && c.at < now - MINUTE) {
          return c;
        }
      }
      return null;
    }

    private Content unansweredPost(int day, int days) {
      for (Content c : board) {
        if (c.parent == null
            && !c.answered
            && c.day() >= day - days
            && c.at < now - HOUR
            && !byId.get(c.author).away(day)) {
          return c;
        }
      }
      return null;
    }

    private String pageOf(Content c) {
      return c == null
          ? "https://" + community + ".example/t/" + rnd.nextInt(200)
          : "https://" + community + ".example/c/" + c.id;
    }

    private void step() {
      now += 20_000 + rnd.nextInt(300_000); // 20 s to 5 min 20 s: one session
    }

    private static int day(long at) {
      return (int) (at / 86_400_000L - FIRST_DAY.toEpochDay());
    }

    private static long dayStart(int day) {
      return (FIRST_DAY.toEpochDay() + day) * 86_400_000L;
    }

    /** Half-hour slots from 07:00; a visit lasts at most about an hour and a half. */
    private long slotStart(int day, int slot) {
      return dayStart(day) + 7 * HOUR + slot * 30 * MINUTE + rnd.nextInt(25) * MINUTE;
    }

    private String newContentId() {
      return community + "-c" + (++sequence);
    }

    private String lastContentId() {
      return community + "-c" + sequence;
    }

    private void click(
        String device, String member, ClickType type, String url, String referredBy) {
      out.add(clickEvent(device, member, type, url, referredBy));
    }

    private ClickEvent clickEvent(
        String device, String member, ClickType type, String url, String referredBy) {
      return ClickEvent.newBuilder()
          .setEventId(community + "-e" + out.size())
          .setCommunityId(community)
          .setOccurredAt(Instant.ofEpochMilli(now))
          .setAnonymousId(device)
          .setMemberId(member)
          .setType(type)
          .setUrl(url)
          .setReferrer(referredBy != null ? "https://www.linkedin.com/" : null)
          .setContentId(
              url != null && url.contains("/c/") ? url.substring(url.lastIndexOf('/') + 1) : null)
          .setReferredBy(referredBy)
          .setUserAgent("Mozilla/5.0 (long history)")
          .build();
    }

    private void post(
        String member,
        PostType type,
        String contentId,
        String parentContentId,
        String target,
        String network) {
      out.add(
          PostEvent.newBuilder()
              .setEventId(community + "-e" + out.size())
              .setCommunityId(community)
              .setOccurredAt(Instant.ofEpochMilli(now))
              .setMemberId(member)
              .setType(type)
              .setContentId(contentId)
              .setParentContentId(parentContentId)
              .setTargetMemberId(target)
              .setNetwork(network)
              .build());
    }
  }
}
