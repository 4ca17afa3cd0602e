package io.communitypulse.content;

import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/** Time fixtures, post event builders, routing and the join's harness for the content tests. */
final class ContentFixtures {

  static final String COMMUNITY = "makers";
  static final String ADA = "m-ada";
  static final String BOB = "m-bob";
  static final String CY = "m-cy";

  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final Duration RESOLVE_TIMEOUT = JobDefaults.RESOLVE_TIMEOUT;

  private ContentFixtures() {}

  static Instant minutes(long n) {
    return T0.plus(Duration.ofMinutes(n));
  }

  static long millis(Instant at) {
    return at.toEpochMilli();
  }

  static PostEvent post(String eventId, String member, String contentId, Instant at) {
    return event(eventId, member, PostType.POST, contentId, null, null, at);
  }

  static PostEvent reply(
      String eventId,
      String member,
      String contentId,
      String parentContentId,
      String targetOrNull,
      Instant at) {
    return event(eventId, member, PostType.REPLY, contentId, parentContentId, targetOrNull, at);
  }

  static PostEvent reaction(
      String eventId, String member, String contentId, String targetOrNull, Instant at) {
    return event(eventId, member, PostType.REACTION, contentId, null, targetOrNull, at);
  }

  static PostEvent acceptedAnswer(
      String eventId, String member, String contentId, String targetOrNull, Instant at) {
    return event(eventId, member, PostType.ACCEPTED_ANSWER, contentId, null, targetOrNull, at);
  }

  static PostEvent mention(
      String eventId, String member, String contentId, String targetOrNull, Instant at) {
    return event(eventId, member, PostType.MENTION, contentId, null, targetOrNull, at);
  }

  static PostEvent share(String eventId, String member, String contentId, Instant at) {
    PostEvent e = event(eventId, member, PostType.SHARE, contentId, null, null, at);
    e.setNetwork("linkedin");
    return e;
  }

  private static PostEvent event(
      String eventId,
      String member,
      PostType type,
      String contentId,
      String parentContentId,
      String targetOrNull,
      Instant at) {
    return PostEvent.newBuilder()
        .setEventId(eventId)
        .setCommunityId(COMMUNITY)
        .setOccurredAt(at)
        .setMemberId(member)
        .setType(type)
        .setContentId(contentId)
        .setParentContentId(parentContentId)
        .setTargetMemberId(targetOrNull)
        .build();
  }

  /** The refs {@link ContentRouting} makes of {@code events}, in order. */
  static List<ContentRef> route(PostEvent... events) {
    List<ContentRef> refs = new ArrayList<>();
    Collector<ContentRef> out =
        new Collector<>() {
          @Override
          public void collect(ContentRef ref) {
            refs.add(ref);
          }

          @Override
          public void close() {}
        };
    ContentRouting routing = new ContentRouting();
    for (PostEvent e : events) {
      routing.flatMap(e, out);
    }
    return refs;
  }

  /** The credit a test expects. */
  static Credit credit(
      CreditType type,
      String giver,
      String receiver,
      String eventId,
      String contentId,
      Instant at) {
    Credit c = new Credit();
    c.communityId = COMMUNITY;
    c.type = type;
    c.giver = giver;
    c.receiver = receiver;
    c.eventId = eventId;
    c.contentId = contentId;
    c.occurredAt = millis(at);
    c.self = giver.equals(receiver);
    return c;
  }

  /**
   * An opened harness that fails on any Kryo fallback, like the job does (which is why it is built
   * here rather than with {@code ProcessFunctionTestHarnesses}, which opens it before the
   * serializer config can be set).
   */
  static KeyedOneInputStreamOperatorTestHarness<String, ContentRef, Credit> harness(
      ContentJoin join) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, ContentRef, Credit> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(join), ContentRef::key, Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.open();
    return harness;
  }
}
