package io.communitypulse.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.sink.DocumentWrite;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention in event time (docs/privacy.md): when a community's as-of day moves to D, its session
 * documents that started more than {@code retention.sessions} before the start of D, and its member
 * documents whose last own event lies more than {@code retention.members} before it, are deleted.
 * The community stage emits these deletes through the sink, so they are exactly-once like every
 * write; a document outlives its retention by less than a day.
 */
public final class Retention implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String sessionsIndex;
  private final String membersIndex;
  private final long sessionsMillis;
  private final long membersMillis;

  public Retention(String sessionsIndex, String membersIndex, Duration sessions, Duration members) {
    this.sessionsIndex = sessionsIndex;
    this.membersIndex = membersIndex;
    this.sessionsMillis = sessions.toMillis();
    this.membersMillis = members.toMillis();
  }

  /** Sessions starting before this are past retention when the as-of day is {@code asOfDay}. */
  public long sessionsCutoff(long asOfDay) {
    return UtcDays.start(asOfDay) - sessionsMillis;
  }

  /** Members last seen before this are past retention when the as-of day is {@code asOfDay}. */
  public long membersCutoff(long asOfDay) {
    return UtcDays.start(asOfDay) - membersMillis;
  }

  /**
   * The deletes due in {@code communityId} when its as-of day becomes {@code asOfDay}, given the
   * first day it has events of: none while no document can be old enough, so a history shorter than
   * the retention (every backfill of one) costs the sink nothing.
   */
  public List<DocumentWrite> sweep(String communityId, long asOfDay, long firstDay) {
    long firstEvent = UtcDays.start(firstDay);
    List<DocumentWrite> due = new ArrayList<>(2);
    if (sessionsCutoff(asOfDay) > firstEvent) {
      due.add(
          olderThan(sessionsIndex, communityId, "start", sessionsCutoff(asOfDay), "session_id"));
    }
    if (membersCutoff(asOfDay) > firstEvent) {
      due.add(
          olderThan(membersIndex, communityId, "last_seen", membersCutoff(asOfDay), "member_id"));
    }
    return due;
  }

  private static DocumentWrite olderThan(
      String index, String communityId, String field, long cutoff, String uniqueField) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put("community_id", communityId);
    ObjectNode range = filter.addObject().putObject("range").putObject(field);
    range.put("lt", cutoff);
    range.put("format", "epoch_millis");
    body.put("sort", uniqueField);
    return DocumentWrite.deleteByQuery(
        index,
        "retention:" + communityId + ":" + field + "<" + cutoff,
        DocumentErasure.bytes(body),
        communityId);
  }
}
