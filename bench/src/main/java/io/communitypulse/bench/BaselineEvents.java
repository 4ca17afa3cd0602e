package io.communitypulse.bench;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
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
    int size = clicks ? BenchInput.current().clicks().length : BenchInput.current().posts().length;
    return env.fromSequence(0, size - 1L)
        .setParallelism(1)
        .name(topic + "-source")
        .map(new Decode(clicks))
        .returns(TYPE)
        .setParallelism(1)
        .name("decode-" + topic)
        .assignTimestampsAndWatermarks(watermarks)
        .setParallelism(1)
        .name("watermarks-" + topic);
  }

  /** Index in the input → one row. */
  static final class Decode extends RichMapFunction<Long, Row> {
    private final boolean clicks;
    private transient byte[][] input;
    private transient WireCodec<ClickEvent> clickCodec;
    private transient WireCodec<PostEvent> postCodec;
    private transient EventValidator validator;

    Decode(boolean clicks) {
      this.clicks = clicks;
    }

    @Override
    public void open(OpenContext context) {
      input = clicks ? BenchInput.current().clicks() : BenchInput.current().posts();
      clickCodec = WireCodec.clicks();
      postCodec = WireCodec.posts();
      validator = new EventValidator(Clock.systemUTC());
    }

    @Override
    public Row map(Long index) {
      int i = index.intValue();
      if (clicks) {
        Decoded<ClickEvent> d = clickCodec.decode(input[i], validator);
        if (!d.ok()) {
          throw new IllegalStateException("benchmark input click " + i + " does not decode");
        }
        ClickEvent c = d.value();
        String member = c.getMemberId();
        String actor = member != null ? member : "anon:" + c.getAnonymousId();
        return row(c.getCommunityId(), actor, member, c.getType().name(), c.getOccurredAt());
      }
      Decoded<PostEvent> d = postCodec.decode(input[i], validator);
      if (!d.ok()) {
        throw new IllegalStateException("benchmark input post " + i + " does not decode");
      }
      PostEvent p = d.value();
      return row(
          p.getCommunityId(),
          p.getMemberId(),
          p.getMemberId(),
          p.getType().name(),
          p.getOccurredAt());
    }

    private static Row row(
        String community, String actor, String member, String kind, java.time.Instant at) {
      long millis = at.toEpochMilli();
      return Row.of(community, actor, member, kind, millis, Math.floorDiv(millis, 86_400_000L));
    }
  }
}
