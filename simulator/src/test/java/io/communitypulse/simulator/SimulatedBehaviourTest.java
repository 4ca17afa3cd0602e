package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static io.communitypulse.simulator.SimulationFixtures.clicks;
import static io.communitypulse.simulator.SimulationFixtures.defaultRun;
import static io.communitypulse.simulator.SimulationFixtures.originals;
import static io.communitypulse.simulator.SimulationFixtures.posts;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The realism of the default run: participation, content, identities, referrals, rhythm. */
class SimulatedBehaviourTest {

  private static final int MEMBERS = DEFAULTS.membersPerCommunity() * DEFAULTS.communities();

  private static String key(String community, String id) {
    return community + "/" + id;
  }

  @Test
  void onlyAFewMembersContributeAnything() {
    Set<String> contributors = new HashSet<>();
    for (PostEvent p : posts(defaultRun())) {
      contributors.add(key(p.getCommunityId(), p.getMemberId()));
    }

    assertThat(contributors.size()).isBetween(MEMBERS / 50, MEMBERS / 8);
  }

  @Test
  void theTopOnePercentOfMembersCreateMostPosts() {
    Map<String, Map<String, Integer>> postsByCommunity = new TreeMap<>();
    int total = 0;
    for (PostEvent p : posts(defaultRun())) {
      if (p.getType() == PostType.POST) {
        postsByCommunity
            .computeIfAbsent(p.getCommunityId(), c -> new HashMap<>())
            .merge(p.getMemberId(), 1, Integer::sum);
        total++;
      }
    }
    int topCount = (int) Math.ceil(DEFAULTS.membersPerCommunity() * 0.01);
    int byTop = 0;
    for (Map<String, Integer> counts : postsByCommunity.values()) {
      byTop +=
          counts.values().stream()
              .sorted(Comparator.reverseOrder())
              .limit(topCount)
              .mapToInt(Integer::intValue)
              .sum();
    }

    assertThat(postsByCommunity).hasSize(DEFAULTS.communities());
    assertThat(total).isGreaterThan(50);
    assertThat(byTop / (double) total).isGreaterThan(0.5);
  }

  @Test
  void everyReferenceFollowsTheContentItRefersTo() {
    Map<String, String> authors = new HashMap<>();
    int replies = 0;
    for (PostEvent p : posts(defaultRun())) {
      String content = key(p.getCommunityId(), p.getContentId());
      switch (p.getType()) {
        case POST -> authors.put(content, p.getMemberId());
        case REPLY -> {
          replies++;
          assertThat(authors)
              .as("parent of reply %s", p.getEventId())
              .containsKey(key(p.getCommunityId(), p.getParentContentId()));
          authors.put(content, p.getMemberId());
        }
        case REACTION, ACCEPTED_ANSWER ->
            assertThat(authors).as("content of %s", p.getEventId()).containsKey(content);
        default -> {}
      }
    }

    assertThat(replies).isGreaterThan(100);
  }

  @Test
  void targetsAreTheAuthorsAndSetOnAboutHalfOfTheEvents() {
    Map<String, String> authors = new HashMap<>();
    int withTarget = 0;
    int joinable = 0;
    for (PostEvent p : posts(defaultRun())) {
      String community = p.getCommunityId();
      String author =
          switch (p.getType()) {
            case REPLY -> authors.get(key(community, p.getParentContentId()));
            case REACTION, ACCEPTED_ANSWER -> authors.get(key(community, p.getContentId()));
            default -> null;
          };
      if (p.getType() == PostType.POST || p.getType() == PostType.REPLY) {
        authors.put(key(community, p.getContentId()), p.getMemberId());
      }
      if (author != null) {
        joinable++;
        if (p.getTargetMemberId() != null) {
          withTarget++;
          assertThat(p.getTargetMemberId()).isEqualTo(author);
        }
      }
    }

    assertThat(withTarget / (double) joinable).isBetween(0.4, 0.6);
  }

  @Test
  void repliesComeFromOtherMembersSaveAFewSelfReplies() {
    Map<String, String> authors = new HashMap<>();
    int replies = 0;
    int selfReplies = 0;
    for (PostEvent p : posts(defaultRun())) {
      String community = p.getCommunityId();
      if (p.getType() == PostType.REPLY) {
        replies++;
        if (p.getMemberId().equals(authors.get(key(community, p.getParentContentId())))) {
          selfReplies++;
        }
      }
      if (p.getType() == PostType.POST || p.getType() == PostType.REPLY) {
        authors.put(key(community, p.getContentId()), p.getMemberId());
      }
    }

    assertThat(selfReplies).isPositive();
    assertThat(selfReplies / (double) replies).isLessThan(0.05);
  }

  @Test
  void answersAreAcceptedByTheAuthorOfTheQuestion() {
    Map<String, String> threadOf = new HashMap<>();
    Map<String, String> authors = new HashMap<>();
    int accepted = 0;
    for (PostEvent p : posts(defaultRun())) {
      String content = key(p.getCommunityId(), p.getContentId());
      switch (p.getType()) {
        case POST -> {
          threadOf.put(content, content);
          authors.put(content, p.getMemberId());
        }
        case REPLY ->
            threadOf.put(content, threadOf.get(key(p.getCommunityId(), p.getParentContentId())));
        case ACCEPTED_ANSWER -> {
          accepted++;
          assertThat(authors.get(threadOf.get(content))).isEqualTo(p.getMemberId());
        }
        default -> {}
      }
    }

    assertThat(accepted).isPositive();
  }

  @Test
  void mentionsNameAnotherMemberAndSharesANetwork() {
    List<PostEvent> posts = posts(defaultRun());

    assertThat(posts)
        .filteredOn(p -> p.getType() == PostType.MENTION)
        .isNotEmpty()
        .allSatisfy(
            p -> assertThat(p.getTargetMemberId()).isNotNull().isNotEqualTo(p.getMemberId()));
    assertThat(posts)
        .filteredOn(p -> p.getType() == PostType.SHARE)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.getNetwork()).isNotBlank());
  }

  @Test
  void membersSignInAfterOneToThreeAnonymousPages() {
    Map<String, List<ClickEvent>> byDevice = clicksByDevice();
    int signIns = 0;
    int shortRuns = 0;
    for (List<ClickEvent> device : byDevice.values()) {
      for (int i = 0; i < device.size(); i++) {
        if (device.get(i).getType() != ClickType.SIGN_IN) {
          continue;
        }
        signIns++;
        assertThat(device.get(i).getMemberId()).isNotNull();
        int run = 0;
        for (int j = i - 1; j >= 0 && device.get(j).getMemberId() == null; j--) {
          run++;
        }
        assertThat(run).as("anonymous pages before a sign-in").isPositive();
        if (run <= 3) {
          shortRuns++;
        }
      }
    }

    assertThat(signIns).isGreaterThan(100);
    // Longer runs only when an anonymous visit on the device came just before.
    assertThat(shortRuns / (double) signIns).isGreaterThan(0.9);
  }

  @Test
  void devicesAndMembersMixAsInRealSites() {
    Map<String, Set<String>> membersOfDevice = new HashMap<>();
    Map<String, Set<String>> devicesOfMember = new HashMap<>();
    Set<String> devices = new HashSet<>();
    for (ClickEvent c : clicks(defaultRun())) {
      String device = key(c.getCommunityId(), c.getAnonymousId());
      devices.add(device);
      if (c.getMemberId() != null) {
        membersOfDevice.computeIfAbsent(device, d -> new HashSet<>()).add(c.getMemberId());
        devicesOfMember
            .computeIfAbsent(key(c.getCommunityId(), c.getMemberId()), m -> new HashSet<>())
            .add(c.getAnonymousId());
      }
    }

    assertThat(membersOfDevice.values()).anyMatch(m -> m.size() == 2);
    assertThat(devicesOfMember.values()).anyMatch(d -> d.size() >= 2);
    // Pure visitors: devices on which nobody ever signs in outnumber members' devices.
    assertThat(devices.size() - membersOfDevice.size()).isGreaterThan(membersOfDevice.size());
  }

  @Test
  void signUpsCreateMembersNeverSeenBefore() {
    Set<String> seen = new HashSet<>();
    int signUps = 0;
    for (SimulatedEvent e : originals(defaultRun())) {
      String member;
      if (e.event() instanceof ClickEvent c) {
        member = c.getMemberId() == null ? null : key(c.getCommunityId(), c.getMemberId());
        if (c.getType() == ClickType.SIGN_UP) {
          signUps++;
          assertThat(seen).doesNotContain(member);
        }
      } else {
        PostEvent p = (PostEvent) e.event();
        member = key(p.getCommunityId(), p.getMemberId());
      }
      if (member != null) {
        seen.add(member);
      }
    }

    assertThat(signUps).isPositive();
  }

  @Test
  void sharesBringReferredVisitsSomeOfWhichSignUpOrConvert() {
    List<ClickEvent> clicks = clicks(defaultRun());
    Set<String> sharers = new HashSet<>();
    for (PostEvent p : posts(defaultRun())) {
      if (p.getType() == PostType.SHARE) {
        sharers.add(key(p.getCommunityId(), p.getMemberId()));
      }
    }
    List<ClickEvent> referred = clicks.stream().filter(c -> c.getReferredBy() != null).toList();
    Set<String> referredDevices =
        referred.stream()
            .map(c -> key(c.getCommunityId(), c.getAnonymousId()))
            .collect(Collectors.toSet());
    Set<String> networks =
        Set.of(
            "https://www.linkedin.com/",
            "https://t.co/",
            "https://www.reddit.com/",
            "https://l.facebook.com/",
            "https://mastodon.social/",
            "https://bsky.app/");

    assertThat(referredDevices.size()).isGreaterThan(50);
    assertThat(referred)
        .allSatisfy(c -> assertThat(sharers).contains(key(c.getCommunityId(), c.getReferredBy())));
    assertThat(referred).anyMatch(c -> c.getType() == ClickType.SIGN_UP);
    assertThat(referred)
        .filteredOn(c -> c.getType() == ClickType.PAGE_VIEW && networks.contains(c.getReferrer()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getUrl()).contains("ref=" + c.getReferredBy()));
    List<ClickEvent> conversions =
        referred.stream().filter(c -> c.getType() == ClickType.CONVERSION).toList();
    assertThat(conversions).isNotEmpty();
    assertThat(clicks)
        .filteredOn(c -> c.getType() == ClickType.CONVERSION)
        .allSatisfy(c -> assertThat(c.getConversionValue()).isBetween(10.0, 500.0));
  }

  @Test
  void aFewVisitsFollowTheirOwnSharersLink() {
    List<ClickEvent> referred =
        clicks(defaultRun()).stream().filter(c -> c.getReferredBy() != null).toList();
    long selfReferred =
        referred.stream().filter(c -> c.getReferredBy().equals(c.getMemberId())).count();

    assertThat(selfReferred).isPositive();
    assertThat(selfReferred / (double) referred.size()).isLessThan(0.2);
  }

  @Test
  void communitiesAreBusiestInTheirDaytime() {
    Map<String, int[]> byHour = new HashMap<>();
    for (SimulatedEvent e : originals(defaultRun())) {
      int hour =
          java.time.Instant.ofEpochMilli(e.occurredAtMillis()).atZone(ZoneOffset.UTC).getHour();
      byHour.computeIfAbsent(SimulationFixtures.communityOf(e), c -> new int[24])[hour]++;
    }

    assertThat(byHour).hasSize(DEFAULTS.communities());
    for (int[] hours : byHour.values()) {
      List<Integer> sorted = new ArrayList<>();
      for (int h : hours) {
        sorted.add(h);
      }
      sorted.sort(null);
      int quietest = sorted.subList(0, 6).stream().mapToInt(Integer::intValue).sum();
      int busiest = sorted.subList(18, 24).stream().mapToInt(Integer::intValue).sum();
      assertThat(busiest).isGreaterThan(3 * quietest);
    }
  }

  private static Map<String, List<ClickEvent>> clicksByDevice() {
    Map<String, List<ClickEvent>> byDevice = new HashMap<>();
    for (ClickEvent c : clicks(defaultRun())) {
      byDevice
          .computeIfAbsent(key(c.getCommunityId(), c.getAnonymousId()), d -> new ArrayList<>())
          .add(c);
    }
    byDevice.values().forEach(l -> l.sort(Comparator.comparing(ClickEvent::getOccurredAt)));
    return byDevice;
  }
}
