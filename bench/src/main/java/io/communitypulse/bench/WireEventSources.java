package io.communitypulse.bench;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.EventSources;
import io.communitypulse.ingest.IngestWatermarks;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.WireCodec;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The engagement job's sources on the in-memory {@link BenchInput}: one bounded source per topic,
 * reading the wire bytes in emission order and decoding and validating them as the Kafka source's
 * deserializer does (a record that fails would become a dead letter; the input has none).
 */
final class WireEventSources implements EventSources {

  private final LocalDate asOfAtEnd;
  private final int erasures;

  /**
   * @param erasures how many erasure requests to send ({@link ReleasedErasures}); 0 for none
   */
  WireEventSources(LocalDate asOfAtEnd, int erasures) {
    this.asOfAtEnd = asOfAtEnd;
    this.erasures = erasures;
  }

  @Override
  public DataStream<DecodedInput> clicks(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return read(env, true, watermarks);
  }

  @Override
  public DataStream<DecodedInput> posts(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return read(env, false, watermarks);
  }

  @Override
  public DataStream<DecodedInput> erasures(StreamExecutionEnvironment env) {
    if (erasures == 0) {
      return EventSources.super.erasures(env);
    }
    ReleasedErasures.reset();
    return env.fromSource(
            ReleasedErasures.source(erasures), IngestWatermarks.idle(), "erasures-source")
        .setParallelism(1);
  }

  @Override
  public Optional<LocalDate> asOfAtEnd() {
    return Optional.of(asOfAtEnd);
  }

  private static DataStream<DecodedInput> read(
      StreamExecutionEnvironment env, boolean clicks, WatermarkStrategy<DecodedInput> watermarks) {
    String topic = clicks ? "clicks" : "posts";
    return decoded(env, clicks)
        .assignTimestampsAndWatermarks(watermarks)
        .setParallelism(1)
        .name("watermarks-" + topic);
  }

  /**
   * One topic of the input, decoded and validated, without watermarks: J's sources and B's rows
   * both start here, so both pay for the same decoding.
   */
  static SingleOutputStreamOperator<DecodedInput> decoded(
      StreamExecutionEnvironment env, boolean clicks) {
    String topic = clicks ? "clicks" : "posts";
    int size = clicks ? BenchInput.current().clicks().length : BenchInput.current().posts().length;
    // One reader per topic, like one Kafka partition each: events stay in emission order.
    return env.fromSequence(0, size - 1L)
        .setParallelism(1)
        .name(topic + "-source")
        .map(new Decode(clicks))
        .setParallelism(1)
        .name("decode-" + topic);
  }

  /** Index in the input → the decoded, validated event (or its dead letter). */
  static final class Decode extends RichMapFunction<Long, DecodedInput> {
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
    public DecodedInput map(Long index) {
      int i = index.intValue();
      if (clicks) {
        ReleasedErasures.read(i, input.length);
        Decoded<ClickEvent> d = clickCodec.decode(input[i], validator);
        if (d.ok()) {
          return DecodedInput.ofClick(d.value(), "clicks", 0, i);
        }
      } else {
        Decoded<PostEvent> d = postCodec.decode(input[i], validator);
        if (d.ok()) {
          return DecodedInput.ofPost(d.value(), "posts", 0, i);
        }
      }
      throw new IllegalStateException("benchmark input record " + i + " does not decode");
    }
  }
}
