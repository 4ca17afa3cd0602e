package io.communitypulse.identity;

import static io.communitypulse.identity.ClickFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityEventsTest {

  @Test
  void aClickKeepsWhatLaterStagesNeed() {
    ClickEvent click =
        ClickEvent.newBuilder(
                ClickFixtures.click("makers", "e1", "dev-1", T0, null, ClickType.CONVERSION))
            .setReferrer("https://news.example/")
            .setReferredBy("ana")
            .setContentId("post-9")
            .setConversionValue(49.5)
            .build();

    ActivityEvent e = ActivityEvents.fromClick(click, "ben", "ben");

    assertThat(e.communityId).isEqualTo("makers");
    assertThat(e.actor).isEqualTo("ben");
    assertThat(e.memberId).isEqualTo("ben");
    assertThat(e.anonymousId).isEqualTo("dev-1");
    assertThat(e.eventId).isEqualTo("e1");
    assertThat(e.occurredAt).isEqualTo(T0.toEpochMilli());
    assertThat(e.type).isEqualTo(ActivityType.CONVERSION);
    assertThat(e.url).isEqualTo("https://makers.example/e1");
    assertThat(e.referrer).isEqualTo("https://news.example/");
    assertThat(e.referredBy).isEqualTo("ana");
    assertThat(e.contentId).isEqualTo("post-9");
    assertThat(e.conversionValue).isEqualTo(49.5);
    assertThat(e.retraction).isFalse();
  }

  @Test
  void aClickNeverCarriesItsIpUserAgentOrProperties() throws Exception {
    ClickEvent click =
        ClickEvent.newBuilder(ClickFixtures.page("e1", "dev-1", T0))
            .setProperties(Map.of("secret", "s3cr3t"))
            .build();

    ActivityEvent e = ActivityEvents.fromClick(click, ActivityEvents.visitorActor("dev-1"), null);

    for (Field f : ActivityEvent.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        assertThat(String.valueOf(f.get(e)))
            .as(f.getName())
            .doesNotContain(click.getIp(), click.getUserAgent(), "s3cr3t");
      }
    }
  }

  @Test
  void aVisitorIsNamedAfterTheDevice() {
    ActivityEvent e =
        ActivityEvents.fromClick(
            ClickFixtures.page("e1", "dev-1", T0), ActivityEvents.visitorActor("dev-1"), null);

    assertThat(e.actor).isEqualTo("anon:dev-1");
    assertThat(e.memberId).isNull();
  }

  @Test
  void aPostIsItsMembersOwnEvent() {
    PostEvent post =
        PostEvent.newBuilder()
            .setEventId("p1")
            .setCommunityId("makers")
            .setOccurredAt(T0)
            .setMemberId("ana")
            .setType(PostType.REPLY)
            .setContentId("reply-1")
            .setParentContentId("post-9")
            .setTargetMemberId("ben")
            .setTags(List.of("cnc"))
            .build();

    ActivityEvent e = ActivityEvents.fromPost(post);

    assertThat(e.actor).isEqualTo("ana");
    assertThat(e.memberId).isEqualTo("ana");
    assertThat(e.anonymousId).isNull();
    assertThat(e.type).isEqualTo(ActivityType.REPLY);
    assertThat(e.contentId).isEqualTo("reply-1");
    assertThat(e.parentContentId).isEqualTo("post-9");
    assertThat(e.targetMemberId).isEqualTo("ben");
    assertThat(e.occurredAt).isEqualTo(T0.toEpochMilli());
    assertThat(e.actorKey()).isEqualTo("makers/ana");
  }

  @Test
  void everyInputTypeMapsToTheActivityTypeOfTheSameName() {
    for (ClickType t : ClickType.values()) {
      assertThat(ActivityEvents.typeOf(t).name()).isEqualTo(t.name());
      assertThat(ActivityEvents.typeOf(t).isClick()).isTrue();
    }
    for (PostType t : PostType.values()) {
      assertThat(ActivityEvents.typeOf(t).name()).isEqualTo(t.name());
      assertThat(ActivityEvents.typeOf(t).isClick()).isFalse();
    }
  }
}
