package io.communitypulse.ingest;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job's two input streams come from: Kafka in production ({@link KafkaEventSources}),
 * in-memory collections in tests. Either way the job applies the same watermark strategy.
 */
public interface EventSources {

  DataStream<DecodedInput> clicks(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks);

  DataStream<DecodedInput> posts(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks);

  /**
   * Erasure requests (docs/privacy.md). They carry no event time: the stream is idle for
   * watermarks, so it never holds back the stages it is broadcast to. None by default.
   */
  default DataStream<DecodedInput> erasures(StreamExecutionEnvironment env) {
    // fromData of an empty collection fails at run time (its generator still asks for one
    // element): one blank record, filtered out, is an empty stream that ends.
    return env.fromData(TypeInformation.of(DecodedInput.class), new DecodedInput())
        .name("no-erasures")
        .uid("no-erasures")
        .filter(input -> false)
        .name("none")
        .uid("no-erasures-filter");
  }

  /**
   * For a bounded input, the UTC day of its latest accepted event: the as-of day of the indicators
   * at its end (docs/semantics.md, "Event time, for every day of any history"). Empty for an
   * unbounded input.
   */
  default Optional<LocalDate> asOfAtEnd() {
    return Optional.empty();
  }
}
