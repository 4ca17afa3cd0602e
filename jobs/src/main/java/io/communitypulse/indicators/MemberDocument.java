package io.communitypulse.indicators;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.sink.DocumentJson;
import io.communitypulse.sink.MappedAsDate;
import java.io.IOException;
import java.time.LocalDate;

/**
 * The member document (docs/indicators.md): one component per top-level field, in the order {@link
 * DocumentJson} writes them, snake_case, {@code first_seen} and {@code last_seen} (epoch ms) left
 * out when unknown, {@code as_of} as yyyy-mm-dd. The {@code d7} and {@code d28} objects have one
 * field per {@link Field}, which is where the window's field list lives; counts are written as
 * integers, minutes and money as doubles.
 */
public record MemberDocument(
    String communityId,
    String memberId,
    double engagementScore,
    double advocacyScore,
    String level,
    boolean advocate,
    @JsonProperty("level_28d_ago") String level28dAgo,
    String levelChange,
    @JsonProperty("engagement_score_28d_ago") double engagementScore28dAgo,
    @MappedAsDate Long firstSeen,
    @MappedAsDate Long lastSeen,
    @MappedAsDate String asOf,
    @JsonSerialize(using = WindowFields.class) WindowTotals d7,
    @JsonSerialize(using = WindowFields.class) WindowTotals d28) {

  /** The document id: {@code <community_id>/<member_id>}. */
  public static String documentId(String communityId, String memberId) {
    return communityId + "/" + memberId;
  }

  /**
   * The document of a member's figures as of UTC epoch day {@code asOfDay}.
   *
   * @param scores28dAgo the scores of the 28-day window that ended 28 days before
   * @param firstSeen null when unknown, as is {@code lastSeen}
   */
  public static MemberDocument of(
      String communityId,
      String memberId,
      WindowTotals d7,
      WindowTotals d28,
      MemberScores scores,
      MemberScores scores28dAgo,
      Long firstSeen,
      Long lastSeen,
      long asOfDay) {
    return new MemberDocument(
        communityId,
        memberId,
        scores.engagementScore(),
        scores.advocacyScore(),
        scores.level().jsonName(),
        scores.advocate(),
        scores28dAgo.level().jsonName(),
        scores.level().changeSince(scores28dAgo.level()),
        scores28dAgo.engagementScore(),
        firstSeen,
        lastSeen,
        LocalDate.ofEpochDay(asOfDay).toString(),
        d7,
        d28);
  }

  /**
   * The document as UTF-8 JSON. Every member signal builds one to see whether the document changed
   * (by a hash of these bytes), so this is a hot path and must stay deterministic.
   */
  public byte[] toJson() {
    return DocumentJson.bytes(this);
  }

  /** A window's totals as one field per {@link Field}, in the enum's order. */
  static final class WindowFields extends StdSerializer<WindowTotals> {

    private static final long serialVersionUID = 1L;

    // Field.values() clones its array on every call.
    private static final Field[] FIELDS = Field.values();

    WindowFields() {
      super(WindowTotals.class);
    }

    @Override
    public void serialize(WindowTotals totals, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeStartObject();
      for (Field f : FIELDS) {
        if (f.isCount()) {
          json.writeNumberField(f.jsonName(), totals.count(f));
        } else {
          json.writeNumberField(f.jsonName(), totals.get(f));
        }
      }
      json.writeEndObject();
    }
  }
}
