package io.communitypulse.bench;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.ingest.DecodedInput;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * B's input: the same wire bytes as J's, read by one source per topic in the same order, decoded
 * and validated with the same codec, as flat rows for the SQL baseline. The actor is the plain SQL
 * one: the member, else {@code anon:<anonymous_id>} (no stitching; the input needs none).
 */
final class BaselineEvents {

  static final String[] COLUMNS = {"community_id", "actor", "member_id", "kind", "at", "day"};

  static final TypeInformation<Row> TYPE =
      Types.ROW_NAMED(
          COLUMNS, Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.LONG, Types.LONG);

  private BaselineEvents() {}

  /** Both topics as one stream of rows, with event time and the job's out-of-orderness bound. */
  static DataStream<Row> read(StreamExecutionEnvironment env, Duration outOfOrderness) {
    WatermarkStrategy<Row> watermarks =
        WatermarkStrategy.<Row>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner((row, previous) -> (Long) row.getField(4));
    return topic(env, true, watermarks).union(topic(env, false, watermarks));
  }

  private static DataStream<Row> topic(
      StreamExecutionEnvironment env, boolean clicks, WatermarkStrategy<Row> watermarks) {
    String topic = clicks ? "clicks" : "posts";
    return WireEventSources.decoded(env, clicks)
        .map(BaselineEvents::row)
        .returns(TYPE)
        .setParallelism(1)
        .name("rows-" + topic)
        .assignTimestampsAndWatermarks(watermarks)
        .setParallelism(1)
        .name("watermarks-" + topic);
  }

  /** A decoded event as a flat row; the input holds no dead letters. */
  static Row row(DecodedInput input) {
    if (input.click != null) {
      ClickEvent c = input.click;
      String member = c.getMemberId();
      String actor = member != null ? member : "anon:" + c.getAnonymousId();
      return row(c.getCommunityId(), actor, member, c.getType().name(), c.getOccurredAt());
    }
    if (input.post != null) {
      PostEvent p = input.post;
      return row(
          p.getCommunityId(),
          p.getMemberId(),
          p.getMemberId(),
          p.getType().name(),
          p.getOccurredAt());
    }
    throw new IllegalStateException("benchmark input holds a dead letter: " + input);
  }

  private static Row row(
      String community, String actor, String member, String kind, java.time.Instant at) {
    long millis = at.toEpochMilli();
    return Row.of(community, actor, member, kind, millis, Math.floorDiv(millis, 86_400_000L));
  }
}
