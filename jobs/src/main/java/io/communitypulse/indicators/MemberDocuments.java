package io.communitypulse.indicators;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.indicators.MemberSignal.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The member document of docs/indicators.md as JSON: top-level {@code community_id, member_id,
 * engagement_score, advocacy_score, level, advocate, level_28d_ago, level_change,
 * engagement_score_28d_ago, first_seen, last_seen} (epoch ms, left out when unknown) and {@code
 * as_of} (yyyy-mm-dd), and the nested {@code d7} and {@code d28} objects with one field per {@link
 * Field}. Counts are written as integers, minutes and money as doubles.
 */
public final class MemberDocuments {

  // Thread-safe once configured; one per JVM rather than one per record or per operator.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MemberDocuments() {}

  /** The document id: {@code <community_id>/<member_id>}. */
  public static String documentId(String communityId, String memberId) {
    return communityId + "/" + memberId;
  }

  /** The document as a JSON tree, fields in the order of docs/indicators.md. */
  public static ObjectNode document(
      String communityId,
      String memberId,
      WindowTotals d7,
      WindowTotals d28,
      MemberScores scores,
      MemberScores scores28dAgo,
      Long firstSeen,
      Long lastSeen,
      long asOfDay) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("community_id", communityId);
    doc.put("member_id", memberId);
    doc.put("engagement_score", scores.engagementScore());
    doc.put("advocacy_score", scores.advocacyScore());
    doc.put("level", scores.level().jsonName());
    doc.put("advocate", scores.advocate());
    doc.put("level_28d_ago", scores28dAgo.level().jsonName());
    doc.put("level_change", scores.level().changeSince(scores28dAgo.level()));
    doc.put("engagement_score_28d_ago", scores28dAgo.engagementScore());
    if (firstSeen != null) {
      doc.put("first_seen", firstSeen);
    }
    if (lastSeen != null) {
      doc.put("last_seen", lastSeen);
    }
    doc.put("as_of", LocalDate.ofEpochDay(asOfDay).toString());
    window(doc.putObject("d7"), d7);
    window(doc.putObject("d28"), d28);
    return doc;
  }

  /**
   * The document's UTF-8 JSON bytes, written straight to a generator: the same bytes as {@code
   * toBytes(document(...))} without building the tree. Every member signal builds one to see
   * whether the document changed, so this is a hot path.
   */
  public static byte[] source(
      String communityId,
      String memberId,
      WindowTotals d7,
      WindowTotals d28,
      MemberScores scores,
      MemberScores scores28dAgo,
      Long firstSeen,
      Long lastSeen,
      long asOfDay) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("community_id", communityId);
      json.writeStringField("member_id", memberId);
      json.writeNumberField("engagement_score", scores.engagementScore());
      json.writeNumberField("advocacy_score", scores.advocacyScore());
      json.writeStringField("level", scores.level().jsonName());
      json.writeBooleanField("advocate", scores.advocate());
      json.writeStringField("level_28d_ago", scores28dAgo.level().jsonName());
      json.writeStringField("level_change", scores.level().changeSince(scores28dAgo.level()));
      json.writeNumberField("engagement_score_28d_ago", scores28dAgo.engagementScore());
      if (firstSeen != null) {
        json.writeNumberField("first_seen", firstSeen.longValue());
      }
      if (lastSeen != null) {
        json.writeNumberField("last_seen", lastSeen.longValue());
      }
      json.writeStringField("as_of", LocalDate.ofEpochDay(asOfDay).toString());
      window(json, "d7", d7);
      window(json, "d28", d28);
      json.writeEndObject();
    } catch (IOException e) {
      // Writing strings and numbers to memory does not fail.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void window(JsonGenerator json, String name, WindowTotals totals)
      throws IOException {
    json.writeObjectFieldStart(name);
    for (Field f : FIELDS) {
      if (f.isCount()) {
        json.writeNumberField(f.jsonName(), totals.count(f));
      } else {
        json.writeNumberField(f.jsonName(), totals.get(f));
      }
    }
    json.writeEndObject();
  }

  // Field.values() clones its array on every call.
  private static final Field[] FIELDS = Field.values();

  /** UTF-8 JSON bytes of a document tree. */
  public static byte[] toBytes(ObjectNode doc) {
    try {
      return MAPPER.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises.
      throw new UncheckedIOException(e);
    }
  }

  private static void window(ObjectNode node, WindowTotals totals) {
    for (Field f : Field.values()) {
      if (f.isCount()) {
        node.put(f.jsonName(), totals.count(f));
      } else {
        node.put(f.jsonName(), totals.get(f));
      }
    }
  }
}
