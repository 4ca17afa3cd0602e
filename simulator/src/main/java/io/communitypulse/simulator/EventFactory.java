package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds one community's events with the fields every event of its kind carries: a fresh random
 * {@code event_id}, the community, the time, and for clicks the device's id, user agent and IP, the
 * signed-in member and the referring member of the visit. Callers add the rest.
 */
final class EventFactory {

  private final String communityId;
  private final SimRandom random;

  EventFactory(String communityId, SimRandom random) {
    this.communityId = communityId;
    this.random = random;
  }

  ClickEvent.Builder click(ClickType type, long at, Visit visit) {
    return ClickEvent.newBuilder()
        .setEventId(random.uuid())
        .setCommunityId(communityId)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setAnonymousId(visit.device.anonymousId)
        .setMemberId(visit.signedIn ? visit.member.id : null)
        .setType(type)
        .setReferredBy(visit.referral == null ? null : visit.referral.memberId())
        .setUserAgent(visit.device.userAgent)
        .setIp(visit.device.ip)
        .setProperties(new HashMap<>(2));
  }

  PostEvent.Builder post(PostType type, long at, Member member, String contentId) {
    return PostEvent.newBuilder()
        .setEventId(random.uuid())
        .setCommunityId(communityId)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setMemberId(member.id)
        .setType(type)
        .setContentId(contentId)
        .setTags(new ArrayList<>(0))
        .setProperties(new HashMap<>(2));
  }

  /** A one-entry, mutable map (consumers may treat properties as their own). */
  static Map<String, String> properties(String key, String value) {
    Map<String, String> map = new HashMap<>(2);
    map.put(key, value);
    return map;
  }
}
