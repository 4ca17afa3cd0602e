package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  private final EventValidator validator = new EventValidator(TestEvents.CLOCK);

  @Test
  void shouldDeriveExactlyTheRequiredFieldsOfSpecSection1() {
    assertThat(EventValidator.requiredFields(ClickEvent.getClassSchema()))
        .containsExactly("event_id", "community_id", "occurred_at", "anonymous_id", "type");
    assertThat(EventValidator.requiredFields(PostEvent.getClassSchema()))
        .containsExactly(
            "event_id", "community_id", "occurred_at", "member_id", "type", "content_id");
  }

  @Test
  void shouldAcceptValidEvents() {
    assertThat(validator.validate(TestEvents.fullClick())).isEmpty();
    assertThat(validator.validate(TestEvents.minimalClick())).isEmpty();
    assertThat(validator.validate(TestEvents.fullPost())).isEmpty();
    assertThat(validator.validate(TestEvents.minimalPost())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"event_id", "community_id", "anonymous_id", "occurred_at", "type"})
  void shouldRejectANullRequiredFieldOfAClick(String field) {
    ClickEvent click = TestEvents.fullClick();
    click.put(field, null);

    assertRejected(validator.validate(click), RejectReason.MISSING_FIELD)
        .contains("required field " + field + " is missing");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"event_id", "community_id", "member_id", "occurred_at", "type", "content_id"})
  void shouldRejectANullRequiredFieldOfAPost(String field) {
    PostEvent post = TestEvents.fullPost();
    post.put(field, null);

    assertRejected(validator.validate(post), RejectReason.MISSING_FIELD)
        .contains("required field " + field + " is missing");
  }

  @Test
  void shouldRejectABlankRequiredString() {
    ClickEvent click = TestEvents.fullClick();
    click.setAnonymousId("  ");

    assertRejected(validator.validate(click), RejectReason.MISSING_FIELD)
        .contains("anonymous_id is blank");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Acme", // uppercase
        "-acme", // leading dash
        "_acme", // leading underscore
        "acme devs", // space
        "acme.devs", // dot
        "äcme", // non-ASCII
        "a123456789a123456789a123456789a123456789a123456789a123456789abcd" // 64 chars
      })
  void shouldRejectAnInvalidCommunityId(String communityId) {
    ClickEvent click = TestEvents.fullClick();
    click.setCommunityId(communityId);

    assertRejected(validator.validate(click), RejectReason.INVALID_COMMUNITY_ID)
        .contains("community_id")
        .contains(EventValidator.COMMUNITY_ID_REGEX);
  }

  @Test
  void shouldTreatAnEmptyCommunityIdAsMissing() {
    PostEvent post = TestEvents.fullPost();
    post.setCommunityId("");

    assertRejected(validator.validate(post), RejectReason.MISSING_FIELD)
        .contains("community_id is empty");
  }

  @Test
  void shouldRejectAnEmptyCommunityIdByPatternToo() {
    assertThat(EventValidator.isValidCommunityId("")).isFalse();
    assertThat(EventValidator.isValidCommunityId(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "0",
        "acme-devs_2",
        "a123456789a123456789a123456789a123456789a123456789a123456789abc" // 63 chars
      })
  void shouldAcceptAValidCommunityId(String communityId) {
    PostEvent post = TestEvents.fullPost();
    post.setCommunityId(communityId);

    assertThat(communityId.length()).isLessThanOrEqualTo(63);
    assertThat(validator.validate(post)).isEmpty();
  }

  @Test
  void shouldQuoteAndTruncateAVeryLongCommunityId() {
    ClickEvent click = TestEvents.fullClick();
    click.setCommunityId("x".repeat(10_000));

    assertRejected(validator.validate(click), RejectReason.INVALID_COMMUNITY_ID)
        .contains("(10000 chars)")
        .hasSizeLessThan(400);
  }

  @Test
  void shouldRejectATimestampJustOver24HoursAhead() {
    Instant tooLate = TestEvents.NOW.plus(EventValidator.MAX_FUTURE_SKEW).plusMillis(1);

    assertRejected(validator.validate(clickAt(tooLate)), RejectReason.FUTURE_TIMESTAMP)
        .contains("occurred_at")
        .contains(tooLate.toString())
        .contains(TestEvents.NOW.toString());
  }

  @Test
  void shouldAcceptATimestampExactlyAndJustUnder24HoursAhead() {
    Instant limit = TestEvents.NOW.plus(EventValidator.MAX_FUTURE_SKEW);

    assertThat(validator.validate(clickAt(limit))).isEmpty();
    assertThat(validator.validate(clickAt(limit.minusMillis(1)))).isEmpty();
  }

  @Test
  void shouldRejectATimestampBefore2000AsAncient() {
    Instant ancient = EventValidator.EARLIEST_OCCURRED_AT.minusMillis(1);

    assertRejected(validator.validate(clickAt(ancient)), RejectReason.ANCIENT_TIMESTAMP)
        .contains("occurred_at")
        .contains("1999-12-31T23:59:59.999Z");
  }

  @Test
  void shouldAcceptTheEarliestTimestampAndHistoricalEvents() {
    assertThat(validator.validate(clickAt(EventValidator.EARLIEST_OCCURRED_AT))).isEmpty();
    assertThat(validator.validate(clickAt(TestEvents.NOW.minus(Duration.ofDays(400))))).isEmpty();
  }

  @Test
  void shouldReadNowFromTheInjectedClock() {
    Instant at = TestEvents.NOW.plus(Duration.ofHours(30));
    EventValidator later = new EventValidator(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC));

    assertThat(later.validate(clickAt(at))).isEmpty();
    assertThat(validator.validate(clickAt(at))).isPresent();
  }

  @Test
  void shouldReportMissingFieldsBeforeOtherRules() {
    ClickEvent click = clickAt(Instant.EPOCH);
    click.setCommunityId("BAD");
    click.setEventId("");

    assertRejected(validator.validate(click), RejectReason.MISSING_FIELD).contains("event_id");
  }

  @Test
  void shouldDispatchGenericRecords() {
    SpecificRecord post = TestEvents.fullPost();
    ((PostEvent) post).setContentId("");

    assertRejected(validator.validate(post), RejectReason.MISSING_FIELD).contains("content_id");
  }

  @Test
  void shouldCheckAnErasureRequestByItsSchemaToo() {
    assertThat(validator.validate(TestEvents.erasureRequest())).isEmpty();

    ErasureRequest blankMember = TestEvents.erasureRequest();
    blankMember.setMemberId(" ");
    assertRejected(validator.validate(blankMember), RejectReason.MISSING_FIELD)
        .contains("member_id");

    ErasureRequest badCommunity = TestEvents.erasureRequest();
    badCommunity.setCommunityId("Acme");
    assertThat(validator.validate(badCommunity).orElseThrow().reason())
        .isEqualTo(RejectReason.INVALID_COMMUNITY_ID);
  }

  @Test
  void shouldShareConstantsWithTheSpec() {
    assertThat(EventValidator.MAX_FUTURE_SKEW).isEqualTo(Duration.ofHours(24));
    assertThat(EventValidator.EARLIEST_OCCURRED_AT)
        .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(EventValidator.COMMUNITY_ID_PATTERN.pattern()).isEqualTo("[a-z0-9][a-z0-9_-]{0,62}");
  }

  private static ClickEvent clickAt(Instant at) {
    ClickEvent click = TestEvents.minimalClick();
    click.setOccurredAt(at);
    return click;
  }

  private static AbstractStringAssert<?> assertRejected(
      Optional<Rejection> rejection, RejectReason reason) {
    assertThat(rejection).as("expected a %s rejection", reason).isPresent();
    assertThat(rejection.get().reason()).as("%s", rejection.get().message()).isEqualTo(reason);
    return assertThat(rejection.get().message());
  }
}
