package io.communitypulse.faults;

import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.EventSources;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real sources with a {@link FaultInjector} right behind each event source, so the job under
 * test is the production pipeline plus one pass-through step per input. Erasure requests come from
 * the real source as they are: they carry no event time and are not counted.
 */
final class ProbedSources implements EventSources {

  private final EventSources delegate;
  private final FaultProbe probe;

  ProbedSources(EventSources delegate, FaultProbe probe) {
    this.delegate = delegate;
    this.probe = probe;
  }

  @Override
  public DataStream<DecodedInput> clicks(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return probed(delegate.clicks(env, watermarks), "clicks");
  }

  @Override
  public DataStream<DecodedInput> posts(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return probed(delegate.posts(env, watermarks), "posts");
  }

  @Override
  public DataStream<DecodedInput> erasures(StreamExecutionEnvironment env) {
    return delegate.erasures(env);
  }

  @Override
  public Optional<LocalDate> asOfAtEnd() {
    return delegate.asOfAtEnd();
  }

  private DataStream<DecodedInput> probed(DataStream<DecodedInput> input, String topic) {
    return input
        .map(new FaultInjector(probe.id))
        .returns(DecodedInput.class)
        .name("test-fault-injector-" + topic)
        .uid("test-fault-injector-" + topic);
  }
}
