package io.communitypulse.collector;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.events.ClickType;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The click a pixel request stands for ({@code GET /v1/p.gif?…}, for pages without JavaScript): the
 * {@code ClickEvent} fields as query parameters, turned into the JSON form so it is read and
 * validated exactly like a posted event. Defaults: the key's community, type {@code PAGE_VIEW}, a
 * fresh {@code event_id}, {@code occurred_at} = when the request arrived, and {@code url} = the
 * page that holds the pixel (the {@code Referer} header).
 */
final class PixelEvent {

  /** The query parameters copied as strings, when present. */
  static final List<String> TEXT_FIELDS =
      List.of(
          "anonymous_id", "member_id", "referrer", "content_id", "referred_by", "user_agent", "ip");

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private PixelEvent() {}

  /**
   * The JSON form of the pixel's click.
   *
   * @param param a query parameter by name, null when absent
   * @param referer the request's {@code Referer} header, may be null
   */
  static ObjectNode from(
      Function<String, String> param, String community, Instant receivedAt, String referer) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put(JsonEventFormat.KIND, JsonEventFormat.CLICK);
    event.put(EventValidator.EVENT_ID, orElse(param.apply("event_id"), UUID.randomUUID() + ""));
    event.put(EventValidator.COMMUNITY_ID, orElse(param.apply("community_id"), community));
    String occurredAt = param.apply("occurred_at");
    if (occurredAt == null || occurredAt.isEmpty()) {
      event.put(EventValidator.OCCURRED_AT, receivedAt.toEpochMilli());
    } else if (INTEGER.matcher(occurredAt).matches()) {
      event.put(EventValidator.OCCURRED_AT, Long.parseLong(occurredAt));
    } else {
      event.put(EventValidator.OCCURRED_AT, occurredAt);
    }
    event.put("type", orElse(param.apply("type"), ClickType.PAGE_VIEW.name()));
    event.put("url", orElse(param.apply("url"), referer));
    for (String field : TEXT_FIELDS) {
      String value = param.apply(field);
      if (value != null && !value.isEmpty()) {
        event.put(field, value);
      }
    }
    String value = param.apply("conversion_value");
    if (value != null && !value.isEmpty()) {
      if (NUMBER.matcher(value).matches()) {
        event.put("conversion_value", Double.parseDouble(value));
      } else {
        event.put("conversion_value", value); // the validator names it INVALID_FIELD
      }
    }
    return event;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
