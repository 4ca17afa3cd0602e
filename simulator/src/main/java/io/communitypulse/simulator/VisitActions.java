package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Performs one step of a visit: the landing page, a sign-in, sign-up or conversion planned for that
 * step, a contribution (post, reply, reaction, accepted answer, share, with mentions) by a
 * signed-in creator or contributor, a newcomer's question or a reader accepting an answer to it, or
 * else reading (page views, searches, clicks). Contributions go with the button CLICK that made
 * them, a second or two before the PostEvent.
 */
final class VisitActions {

  /** Chance that a signed-in step of a creator / contributor is a contribution. */
  static final double CREATOR_CONTRIBUTES = 0.4;

  static final double CONTRIBUTOR_CONTRIBUTES = 0.12;

  /** Share of REPLY, REACTION and ACCEPTED_ANSWER events that carry target_member_id. */
  static final double TARGET_SET = 0.5;

  /** Share of replies that answer the replier's own post (the indicators must ignore them). */
  static final double SELF_REPLY = 0.04;

  /** Chance that a signed-in step of a reader with an answered question accepts an answer. */
  static final double READER_ACCEPTS = 0.3;

  static final double MENTION_IN_POST = 0.15;
  static final double MENTION_IN_REPLY = 0.1;

  private enum Contribution {
    POST,
    REPLY,
    REACTION,
    ACCEPT,
    SHARE
  }

  private static final Contribution[] CONTRIBUTIONS = Contribution.values();
  private static final double[] CREATOR_MIX = {0.30, 0.40, 0.12, 0.10, 0.08};
  private static final double[] CONTRIBUTOR_MIX = {0.08, 0.25, 0.47, 0.05, 0.15};

  private static final String[] ORGANIC_REFERRERS = {
    null,
    "https://www.google.com/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
    "https://news.ycombinator.com/"
  };
  private static final double[] ORGANIC_REFERRER_WEIGHTS = {0.5, 0.35, 0.05, 0.05, 0.05};
  private static final String[] CLICK_ELEMENTS = {
    "link", "tag", "user-card", "code-copy", "external-link", "like-count"
  };
  private static final String[] SEARCH_WORDS = {
    "error", "best practice", "how to", "example", "upgrade", "slow", "config", "tutorial"
  };
  private static final String[] REACTIONS = {"like", "heart", "insightful", "celebrate"};
  private static final String[] PRODUCTS = {
    "pro-plan", "team-plan", "certification", "conference-ticket", "support-plan"
  };
  private static final String[] SIGN_IN_METHODS = {"password", "google", "github"};

  private final VisitPlanner planner;
  private final Consumer<Visit> schedule;
  private final EventSink sink;

  VisitActions(VisitPlanner planner, Consumer<Visit> schedule, EventSink sink) {
    this.planner = planner;
    this.schedule = schedule;
    this.sink = sink;
  }

  /**
   * Performs the visit's current step. At the first step it claims the device and member for the
   * visit's duration; false (nothing emitted) when one of them is still in another visit.
   */
  boolean act(Visit v) {
    long t = v.time();
    if (v.step == 0 && !claim(v, t)) {
      return false;
    }
    int k = v.step;
    if (k == v.signUpStep) {
      signUp(v, t);
    } else if (k == v.signInStep) {
      signIn(v, t);
    } else if (k == v.conversionStep) {
      convert(v, t);
    } else if (k == 0) {
      land(v, t);
    } else if (!(v.signedIn && (contributes(v) ? contribute(v, t) : ownQuestion(v, t)))) {
      browse(v, t);
    }
    return true;
  }

  private static boolean claim(Visit v, long t) {
    if (v.device.busyUntil >= t || (v.member != null && v.member.busyUntil >= t)) {
      return false;
    }
    v.device.busyUntil = v.end();
    if (v.member != null) {
      v.member.busyUntil = v.end();
    }
    return true;
  }

  private static boolean contributes(Visit v) {
    if (!v.member.contributing()) {
      return false;
    }
    double chance =
        v.member.role == Member.Role.CREATOR ? CREATOR_CONTRIBUTES : CONTRIBUTOR_CONTRIBUTES;
    return v.community.random.chance(chance);
  }

  /**
   * What a member who does not contribute may still do: post the question a newcomer came with, or
   * accept an answer to it. False when neither happens at this step.
   */
  private boolean ownQuestion(Visit v, long t) {
    Member m = v.member;
    if (m.stage != Member.Stage.ACTIVE) {
      return false;
    }
    if (m.hasQuestion) {
      m.hasQuestion = false;
      return post(v, t);
    }
    return !m.openPosts.isEmpty() && v.community.random.chance(READER_ACCEPTS) && accept(v, t);
  }

  // ---- clicks ----------------------------------------------------------------------------------

  private void land(Visit v, long t) {
    Community c = v.community;
    if (v.referral != null) {
      ClickEvent.Builder click =
          c.events
              .click(ClickType.PAGE_VIEW, t, v)
              .setUrl(v.referral.url())
              .setReferrer(v.referral.referrer())
              .setContentId(v.referral.contentId());
      at(v, v.referral.url(), v.referral.contentId());
      emit(click.build());
      return;
    }
    String referrer = ORGANIC_REFERRERS[c.random.pickWeighted(ORGANIC_REFERRER_WEIGHTS)];
    pageView(v, t, referrer);
  }

  private void browse(Visit v, long t) {
    double what = v.community.random.nextDouble();
    if (what < 0.6) {
      pageView(v, t, v.currentUrl);
    } else if (what < 0.75) {
      search(v, t);
    } else {
      click(v, t);
    }
  }

  private void pageView(Visit v, long t, String referrer) {
    Community c = v.community;
    SimRandom r = c.random;
    String url;
    String contentId = null;
    if (r.chance(0.75)) {
      contentId = c.board.threadToRead(t, r);
      url = c.threadUrl(contentId);
    } else {
      url =
          switch (r.nextInt(5)) {
            case 0 -> c.baseUrl + "/";
            case 1 -> c.baseUrl + "/latest";
            case 2 -> c.baseUrl + "/top";
            case 3 -> c.baseUrl + "/c/" + r.pick(c.tags);
            default -> c.baseUrl + "/u/" + c.sampleMember().id;
          };
    }
    ClickEvent.Builder click =
        c.events
            .click(ClickType.PAGE_VIEW, t, v)
            .setUrl(url)
            .setReferrer(referrer)
            .setContentId(contentId);
    at(v, url, contentId);
    emit(click.build());
  }

  private void search(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    String query = r.pick(c.tags) + (r.chance(0.6) ? " " + r.pick(SEARCH_WORDS) : "");
    String url = c.baseUrl + "/search?q=" + query.replace(' ', '+');
    ClickEvent.Builder click =
        c.events
            .click(ClickType.SEARCH, t, v)
            .setUrl(url)
            .setReferrer(v.currentUrl)
            .setProperties(EventFactory.properties("query", query));
    at(v, url, null);
    emit(click.build());
  }

  private void click(Visit v, long t) {
    Community c = v.community;
    emit(
        buttonClick(v, t, c.random.pick(CLICK_ELEMENTS), currentUrl(v), v.currentContentId)
            .build());
  }

  private ClickEvent.Builder buttonClick(
      Visit v, long t, String element, String url, String contentId) {
    return v.community
        .events
        .click(ClickType.CLICK, t, v)
        .setUrl(url)
        .setContentId(contentId)
        .setProperties(EventFactory.properties("element", element));
  }

  private void signIn(Visit v, long t) {
    Community c = v.community;
    v.signedIn = true;
    v.device.signedIn = v.member;
    ClickEvent.Builder click =
        c.events
            .click(ClickType.SIGN_IN, t, v)
            .setUrl(c.baseUrl + "/login")
            .setReferrer(v.currentUrl)
            .setProperties(EventFactory.properties("method", c.random.pick(SIGN_IN_METHODS)));
    emit(click.build());
  }

  private void signUp(Visit v, long t) {
    Community c = v.community;
    Member m = c.signUp(v.device);
    m.busyUntil = v.end();
    v.member = m;
    v.signedIn = true;
    v.device.signedIn = m;
    ClickEvent.Builder click =
        c.events
            .click(ClickType.SIGN_UP, t, v)
            .setUrl(c.baseUrl + "/signup")
            .setReferrer(v.currentUrl)
            .setProperties(EventFactory.properties("plan", "free"));
    emit(click.build());
  }

  private void convert(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    // Log-uniform between 10 and 500, in cents: many small purchases, a few large ones.
    double value = StrictMath.round(10.0 * StrictMath.pow(50.0, r.nextDouble()) * 100) / 100.0;
    ClickEvent.Builder click =
        c.events
            .click(ClickType.CONVERSION, t, v)
            .setUrl(c.baseUrl + "/checkout/complete")
            .setReferrer(v.currentUrl)
            .setConversionValue(value)
            .setProperties(EventFactory.properties("product", r.pick(PRODUCTS)));
    emit(click.build());
  }

  // ---- contributions ---------------------------------------------------------------------------

  private boolean contribute(Visit v, long t) {
    SimRandom r = v.community.random;
    double[] mix = v.member.role == Member.Role.CREATOR ? CREATOR_MIX : CONTRIBUTOR_MIX;
    return switch (CONTRIBUTIONS[r.pickWeighted(mix)]) {
      case POST -> post(v, t);
      case REPLY -> reply(v, t);
      case REACTION -> react(v, t);
      case ACCEPT -> accept(v, t);
      case SHARE -> share(v, t);
    };
  }

  private boolean post(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    Member m = v.member;
    emit(buttonClick(v, t, "new-topic", c.baseUrl + "/new-topic", null).build());
    long at = t + r.betweenMillis(1500, 4000);
    Content post = c.board.newPost(m, at);
    m.rememberOpenPost(post);
    List<String> tags = new ArrayList<>(3);
    int count = r.between(1, 3);
    for (int i = 0; i < count; i++) {
      String tag = r.pick(c.tags);
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    emit(c.events.post(PostType.POST, at, m, post.id).setTags(tags).build());
    at(v, c.threadUrl(post.id), post.id);
    if (r.chance(MENTION_IN_POST)) {
      mention(v, at + 1000, post, null);
    }
    return true;
  }

  private boolean reply(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    Member m = v.member;
    Content parent = null;
    if (r.chance(SELF_REPLY)) {
      // A follow-up on one's own question ("solved it, here is how").
      for (Iterator<Content> it = m.openPosts.descendingIterator(); it.hasNext(); ) {
        Content own = it.next();
        if (own.createdAt <= t - ContentBoard.MIN_REFERENCE_AGE_MS) {
          parent = own;
          break;
        }
      }
    }
    if (parent == null && r.chance(0.6)) {
      parent = c.board.unansweredPost(t, m, r);
    }
    if (parent == null) {
      parent = c.board.recent(t, m, false, r);
    }
    if (parent == null) {
      return false;
    }
    Content thread = parent.thread;
    emit(buttonClick(v, t, "reply", c.threadUrl(thread.id), thread.id).build());
    long at = t + r.betweenMillis(1000, 3000);
    Content reply = c.board.newReply(m, parent, at);
    if (parent.isPost() && parent.author != m) {
      parent.answered = true;
    }
    if (parent.author != m) {
      parent.author.helped = true;
    }
    if (thread.author != m && thread.answers.size() < Content.ANSWERS) {
      thread.answers.add(reply);
    }
    emit(
        c.events
            .post(PostType.REPLY, at, m, reply.id)
            .setParentContentId(parent.id)
            .setTargetMemberId(r.chance(TARGET_SET) ? parent.author.id : null)
            .build());
    at(v, c.threadUrl(thread.id), thread.id);
    if (r.chance(MENTION_IN_REPLY)) {
      mention(v, at + 1000, reply, parent.author);
    }
    return true;
  }

  private boolean react(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    Content target = c.board.recent(t, v.member, false, r);
    if (target == null) {
      return false;
    }
    emit(buttonClick(v, t, "like", c.threadUrl(target.thread.id), target.thread.id).build());
    emit(
        c.events
            .post(PostType.REACTION, t + r.betweenMillis(500, 2000), v.member, target.id)
            .setTargetMemberId(r.chance(TARGET_SET) ? target.author.id : null)
            .setProperties(EventFactory.properties("reaction", r.pick(REACTIONS)))
            .build());
    at(v, c.threadUrl(target.thread.id), target.thread.id);
    return true;
  }

  private boolean accept(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    for (Content post : v.member.openPosts) {
      if (post.accepted || post.answers.isEmpty()) {
        continue;
      }
      Content answer = r.pick(post.answers);
      if (answer.createdAt > t - ContentBoard.MIN_REFERENCE_AGE_MS) {
        continue;
      }
      post.accepted = true;
      v.member.openPosts.remove(post);
      emit(buttonClick(v, t, "accept-answer", c.threadUrl(post.id), post.id).build());
      emit(
          c.events
              .post(PostType.ACCEPTED_ANSWER, t + r.betweenMillis(500, 2000), v.member, answer.id)
              .setTargetMemberId(r.chance(TARGET_SET) ? answer.author.id : null)
              .build());
      at(v, c.threadUrl(post.id), post.id);
      return true;
    }
    return false;
  }

  private boolean share(Visit v, long t) {
    Community c = v.community;
    SimRandom r = c.random;
    Member m = v.member;
    String contentId;
    Content own = m.openPosts.peekLast();
    if (own != null && r.chance(0.5)) {
      contentId = own.id;
    } else {
      Content post = c.board.recent(t, null, true, r);
      contentId = post != null ? post.id : c.board.threadToRead(t, r);
    }
    String network = planner.network(r);
    emit(buttonClick(v, t, "share-" + network, c.threadUrl(contentId), contentId).build());
    long at = t + r.betweenMillis(500, 2000);
    emit(c.events.post(PostType.SHARE, at, m, contentId).setNetwork(network).build());
    at(v, c.threadUrl(contentId), contentId);
    planner.referredVisits(c, m, v.device, contentId, network, at, schedule);
    return true;
  }

  private void mention(Visit v, long at, Content in, Member hint) {
    Community c = v.community;
    Member m = v.member;
    Member mentioned = hint != null && hint != m ? hint : c.sampleOtherMember(m);
    emit(c.events.post(PostType.MENTION, at, m, in.id).setTargetMemberId(mentioned.id).build());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void at(Visit v, String url, String contentId) {
    v.currentUrl = url;
    v.currentContentId = contentId;
  }

  private static String currentUrl(Visit v) {
    return v.currentUrl != null ? v.currentUrl : v.community.baseUrl + "/";
  }

  private void emit(ClickEvent click) {
    sink.emit(click, click.getOccurredAt().toEpochMilli());
  }

  private void emit(PostEvent post) {
    sink.emit(post, post.getOccurredAt().toEpochMilli());
  }
}
