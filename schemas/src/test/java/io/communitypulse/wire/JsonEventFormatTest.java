package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonEventFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonEventFormat format = new JsonEventFormat();
  private final EventReader reader = new EventReader(format, new EventValidator(TestEvents.CLOCK));

  // ---- round trips ----------------------------------------------------------------------------

  static Stream<SpecificRecord> events() {
    return Stream.of(
        TestEvents.fullClick(),
        TestEvents.minimalClick(),
        TestEvents.fullPost(),
        TestEvents.minimalPost());
  }

  @ParameterizedTest
  @MethodSource("events")
  void shouldRoundTripParseToJsonParse(SpecificRecord event) {
    String line = format.toJson(event);
    ParsedLine parsed = format.parse(line);

    assertThat(parsed.ok()).as("%s", parsed).isTrue();
    assertThat(parsed.event()).isEqualTo(event);
    assertThat(format.toJson(parsed.event())).isEqualTo(line);
    assertThat(line).doesNotContain("\n");
  }

  @Test
  void shouldRoundTripAHandWrittenLineWithEpochMillis() {
    String line =
        "{\"type\":\"SIGN_UP\",\"kind\":\"click\",\"occurred_at\":1748772930123,"
            + "\"event_id\":\"e-1\",\"community_id\":\"acme\",\"anonymous_id\":\"d-1\","
            + "\"referred_by\":\"m-3\",\"properties\":{\"utm\":\"li\"}}";

    ParsedLine first = format.parse(line);
    String written = format.toJson(first.event());
    ParsedLine second = format.parse(written);

    assertThat(second.event()).isEqualTo(first.event());
    assertThat(written).contains("\"occurred_at\":\"2025-06-01T10:15:30.123Z\"");
    assertThat(((ClickEvent) second.event()).getReferredBy()).isEqualTo("m-3");
  }

  @Test
  void shouldWriteKindFirstAndOccurredAtAsIso() throws Exception {
    String line = format.toJson(TestEvents.minimalClick());

    assertThat(line).startsWith("{\"kind\":\"click\",");
    assertThat(JSON.readTree(line).get("occurred_at").textValue())
        .isEqualTo("2025-06-01T10:15:30.123Z");
    assertThat(line).doesNotContain("member_id").doesNotContain("null");
  }

  @Test
  void shouldRefuseToWriteARecordWithoutAKind() {
    assertThatThrownBy(
            () ->
                format.toJson(
                    DeadLetters.fromFile(
                        "x",
                        "f.jsonl",
                        1,
                        new Rejection(RejectReason.BAD_JSON, "m"),
                        TestEvents.NOW,
                        null,
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DeadLetter");
  }

  @Test
  void shouldReadOccurredAtAsIsoString() {
    ParsedLine parsed = format.parse(minimalClickJson("\"2025-06-01T10:15:30.123Z\""));

    assertThat(((ClickEvent) parsed.event()).getOccurredAt()).isEqualTo(TestEvents.OCCURRED_AT);
  }

  @Test
  void shouldReadOccurredAtAsEpochMillis() {
    ParsedLine parsed =
        format.parse(minimalClickJson(String.valueOf(TestEvents.OCCURRED_AT.toEpochMilli())));

    assertThat(((ClickEvent) parsed.event()).getOccurredAt()).isEqualTo(TestEvents.OCCURRED_AT);
  }

  @Test
  void shouldConvertAnIsoOffsetToUtc() {
    ParsedLine parsed = format.parse(minimalClickJson("\"2025-06-01T12:15:30.123+02:00\""));

    assertThat(((ClickEvent) parsed.event()).getOccurredAt()).isEqualTo(TestEvents.OCCURRED_AT);
  }

  @Test
  void shouldReadAHandWrittenPostWithDefaults() {
    ParsedLine parsed =
        format.parse(
            "{\"kind\":\"post\",\"event_id\":\"e1\",\"community_id\":\"acme\","
                + "\"occurred_at\":\"2025-06-01T10:00:00Z\",\"member_id\":\"m1\","
                + "\"type\":\"SHARE\",\"content_id\":\"p1\",\"network\":\"linkedin\","
                + "\"target_member_id\":null,\"some_future_field\":1}");

    PostEvent post = (PostEvent) parsed.event();
    assertThat(post.getNetwork()).isEqualTo("linkedin");
    assertThat(post.getTargetMemberId()).isNull();
    assertThat(post.getTags()).isEmpty();
    assertThat(post.getProperties()).isEmpty();
    assertThat(post.getOccurredAt()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
  }

  @Test
  void shouldReadAnIntegralConversionValueAsDouble() {
    ParsedLine parsed = format.parse(withClick(n -> n.put("conversion_value", 20)));

    assertThat(((ClickEvent) parsed.event()).getConversionValue()).isEqualTo(20.0);
  }

  // ---- bad lines ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kind\":\"click\"",
        "not json",
        "{\"kind\":\"click\",}",
        "{\"kind\":\"click\"} {\"kind\":\"post\"}",
        "{\"kind\":\"click\",\"kind\":\"post\"}"
      })
  void shouldRejectUnparseableJsonAsBadJson(String line) {
    assertRejected(format.parse(line), RejectReason.BAD_JSON).startsWith("not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "42", "\"click\"", "null"})
  void shouldRejectJsonThatIsNotAnObjectAsBadJson(String line) {
    assertRejected(format.parse(line), RejectReason.BAD_JSON).contains("expected one JSON object");
  }

  @Test
  void shouldRejectAnEmptyLineAsBadJson() {
    assertRejected(format.parse("   "), RejectReason.BAD_JSON).contains("empty line");
    assertRejected(format.parse(null), RejectReason.BAD_JSON).contains("null");
  }

  @Test
  void shouldRejectDeeplyNestedJsonWithoutThrowing() {
    String line = "{\"kind\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

    assertRejected(format.parse(line), RejectReason.BAD_JSON);
  }

  @Test
  void shouldRejectAnUnknownKind() {
    assertRejected(
            format.parse(withClick(n -> n.put("kind", "pageview"))), RejectReason.UNKNOWN_KIND)
        .contains("\"pageview\"")
        .contains("\"click\" or \"post\"");
  }

  @Test
  void shouldRejectAMissingKind() {
    assertRejected(format.parse(withClick(n -> n.remove("kind"))), RejectReason.UNKNOWN_KIND)
        .contains("missing \"kind\"");
  }

  @Test
  void shouldRejectANonStringKind() {
    assertRejected(format.parse(withClick(n -> n.put("kind", 1))), RejectReason.UNKNOWN_KIND)
        .contains("must be a string");
  }

  @Test
  void shouldRejectAnUnknownEnumSymbolListingTheKnownOnes() {
    ParsedLine parsed = format.parse(withClick(n -> n.put("type", "HOVER")));

    assertRejected(parsed, RejectReason.UNKNOWN_SYMBOL)
        .contains("type")
        .contains("\"HOVER\"")
        .contains("PAGE_VIEW, CLICK, SEARCH, SIGN_IN, SIGN_UP, CONVERSION");
    assertThat(parsed.communityId()).contains("acme");
    assertThat(parsed.eventId()).contains("c-2");
  }

  @Test
  void shouldHintAtUpperCaseForALowerCaseSymbol() {
    assertRejected(
            format.parse(withClick(n -> n.put("type", "page_view"))), RejectReason.UNKNOWN_SYMBOL)
        .contains("PAGE_VIEW");
  }

  static Stream<Arguments> requiredFields() {
    return Stream.concat(
        Stream.of("event_id", "community_id", "occurred_at", "anonymous_id", "type")
            .map(f -> Arguments.of(TestEvents.minimalClick(), f)),
        Stream.of("event_id", "community_id", "occurred_at", "member_id", "type", "content_id")
            .map(f -> Arguments.of(TestEvents.minimalPost(), f)));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("requiredFields")
  void shouldRejectAnAbsentRequiredFieldAsMissingField(SpecificRecord event, String field) {
    String line = edit(event, n -> n.remove(field));

    assertRejected(format.parse(line), RejectReason.MISSING_FIELD)
        .contains("required field " + field + " is missing");
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("requiredFields")
  void shouldRejectANullRequiredFieldAsMissingField(SpecificRecord event, String field) {
    String line = edit(event, n -> n.putNull(field));

    assertRejected(format.parse(line), RejectReason.MISSING_FIELD)
        .contains("required field " + field + " is null");
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("requiredFields")
  void shouldRejectAnEmptyRequiredFieldAsMissingField(SpecificRecord event, String field) {
    String line = edit(event, n -> n.put(field, ""));

    assertRejected(reader.read(line), RejectReason.MISSING_FIELD)
        .contains("required field " + field + " is empty");
  }

  @Test
  void shouldReadAbsentAndNullOptionalFieldsAsNullOrEmpty() {
    ParsedLine parsed =
        format.parse(withClick(n -> n.putNull("member_id").putNull("properties").remove("url")));

    ClickEvent click = (ClickEvent) parsed.event();
    assertThat(click.getMemberId()).isNull();
    assertThat(click.getUrl()).isNull();
    assertThat(click.getProperties()).isEmpty();
  }

  @Test
  void shouldRejectANumberWhereAStringIsExpectedAsInvalidField() {
    assertRejected(
            format.parse(withClick(n -> n.put("anonymous_id", 42))), RejectReason.INVALID_FIELD)
        .contains("anonymous_id")
        .contains("an integer 42")
        .contains("expected a string");
  }

  @Test
  void shouldRejectAStringConversionValueAsInvalidField() {
    assertRejected(
            format.parse(withClick(n -> n.put("conversion_value", "12.5"))),
            RejectReason.INVALID_FIELD)
        .contains("conversion_value")
        .contains("\"12.5\"")
        .contains("a number");
  }

  @Test
  void shouldRejectANonStringPropertyValueAsInvalidField() {
    assertRejected(
            format.parse(withClick(n -> n.putObject("properties").put("count", 3))),
            RejectReason.INVALID_FIELD)
        .contains("properties.count")
        .contains("expected a string");
  }

  @Test
  void shouldRejectANonStringTagAsInvalidField() {
    String line = edit(TestEvents.minimalPost(), n -> n.putArray("tags").add("ok").add(true));

    assertRejected(format.parse(line), RejectReason.INVALID_FIELD).contains("tags[1]");
  }

  @Test
  void shouldRejectTagsThatAreNotAnArrayAsInvalidField() {
    String line = edit(TestEvents.minimalPost(), n -> n.put("tags", "java"));

    assertRejected(format.parse(line), RejectReason.INVALID_FIELD)
        .contains("tags")
        .contains("an array of strings");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yesterday\"", "\"2025-06-01 10:00:00\"", "\"2025-06-01T10:00:00\""})
  void shouldRejectAnUnparseableTimestampAsInvalidField(String value) {
    assertRejected(format.parse(minimalClickJson(value)), RejectReason.INVALID_FIELD)
        .contains("occurred_at")
        .contains("ISO-8601");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.7E12", "true", "{}", "99999999999999999999999"})
  void shouldRejectATimestampOfTheWrongJsonTypeAsInvalidField(String value) {
    assertRejected(format.parse(minimalClickJson(value)), RejectReason.INVALID_FIELD)
        .contains("occurred_at");
  }

  @Test
  void shouldRejectAnOversizedLine() {
    String line = withClick(n -> n.putObject("properties").put("blob", "x".repeat(2_000)));

    assertRejected(new JsonEventFormat(1_000).parse(line), RejectReason.OVERSIZED)
        .contains("1000 bytes");
    assertThat(new JsonEventFormat(line.length()).parse(line).ok()).isTrue();
  }

  @Test
  void shouldCountOversizeInUtf8Bytes() {
    String line = withClick(n -> n.putObject("properties").put("p", "é".repeat(600)));

    // 600 two-byte characters: under 1000 characters, over 1000 bytes.
    assertThat(line.length()).isLessThan(1_000);
    assertRejected(new JsonEventFormat(1_000).parse(line), RejectReason.OVERSIZED);
  }

  // ---- parse then validate --------------------------------------------------------------------

  @Test
  void shouldValidateAfterParsingAndKeepTheIds() {
    ParsedLine read = reader.read(withClick(n -> n.put("community_id", "ACME")));

    assertRejected(read, RejectReason.INVALID_COMMUNITY_ID).contains("\"ACME\"");
    assertThat(read.communityId()).contains("ACME");
    assertThat(read.eventId()).contains("c-2");
  }

  @Test
  void shouldLeaveValidationToTheValidatorWhenOnlyParsing() {
    assertThat(format.parse(withClick(n -> n.put("community_id", "ACME"))).ok()).isTrue();
  }

  @Test
  void shouldReadAValidLine() {
    ParsedLine read = reader.read(format.toJson(TestEvents.fullPost()));

    assertThat(read.event()).isEqualTo(TestEvents.fullPost());
    assertThat(read.communityId()).contains("acme_devs");
  }

  @Test
  void shouldParseEveryClickTypeSymbol() {
    for (ClickType type : ClickType.values()) {
      ClickEvent parsed =
          (ClickEvent) format.parse(withClick(n -> n.put("type", type.name()))).event();
      assertThat(parsed.getType()).isEqualTo(type);
    }
  }

  @Test
  void shouldKeepPropertiesAndTags() {
    String line =
        edit(
            TestEvents.minimalPost(),
            n -> {
              n.putArray("tags").add("a").add("b");
              n.putObject("properties").put("k", "v");
            });

    PostEvent post = (PostEvent) format.parse(line).event();
    assertThat(post.getTags()).isEqualTo(List.of("a", "b"));
    assertThat(post.getProperties()).isEqualTo(Map.of("k", "v"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private String minimalClickJson(String occurredAtJson) {
    String line = withClick(n -> n.put("occurred_at", "PLACEHOLDER"));
    return line.replace("\"PLACEHOLDER\"", occurredAtJson);
  }

  private String withClick(Consumer<ObjectNode> change) {
    return edit(TestEvents.minimalClick(), change);
  }

  private String edit(SpecificRecord event, Consumer<ObjectNode> change) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(format.toJson(event));
      change.accept(node);
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static AbstractStringAssert<?> assertRejected(ParsedLine parsed, RejectReason reason) {
    assertThat(parsed.ok()).as("expected a rejection, got %s", parsed).isFalse();
    assertThat(parsed.rejection().reason())
        .as("%s", parsed.rejection().message())
        .isEqualTo(reason);
    return assertThat(parsed.rejection().message());
  }
}
