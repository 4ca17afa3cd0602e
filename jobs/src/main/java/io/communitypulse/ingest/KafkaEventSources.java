package io.communitypulse.ingest;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.runtime.KafkaOffsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka sources of both topics. Offsets are checkpointed by Flink (exactly-once input);
 * committing them back to Kafka only serves lag monitoring. A bounded variant reads a fixed range
 * of offsets, which is how {@code ./pulse replay} knows when every event has been processed; it
 * finishes after a failover or a restore from a savepoint as well ({@link
 * RestorableBoundedKafkaSource}).
 */
public final class KafkaEventSources implements EventSources {

  private final PulseConfig config;
  private final OffsetsInitializer start;
  private final OffsetsInitializer stop;
  private final LocalDate asOfAtEnd;

  private KafkaEventSources(
      PulseConfig config, OffsetsInitializer start, OffsetsInitializer stop, LocalDate asOfAtEnd) {
    this.config = config;
    this.start = start;
    this.stop = stop;
    this.asOfAtEnd = asOfAtEnd;
  }

  /** Unbounded: from the committed group offsets, else the earliest. */
  public static KafkaEventSources continuous(PulseConfig config) {
    return new KafkaEventSources(
        config,
        OffsetsInitializer.committedOffsets(
            org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST),
        null,
        null);
  }

  /**
   * Bounded: exactly the records between two offset snapshots, whose latest valid event falls on
   * {@code asOfAtEnd} (null if unknown).
   */
  public static KafkaEventSources bounded(
      PulseConfig config, OffsetsInitializer start, OffsetsInitializer stop, LocalDate asOfAtEnd) {
    return new KafkaEventSources(config, start, stop, asOfAtEnd);
  }

  @Override
  public Optional<LocalDate> asOfAtEnd() {
    return Optional.ofNullable(asOfAtEnd);
  }

  @Override
  public DataStream<DecodedInput> clicks(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return env.fromSource(
            source(config.kafka().clicksTopic(), EventDeserializer.clicks()),
            watermarks,
            "clicks-source")
        .uid("clicks-source");
  }

  @Override
  public DataStream<DecodedInput> posts(
      StreamExecutionEnvironment env, WatermarkStrategy<DecodedInput> watermarks) {
    return env.fromSource(
            source(config.kafka().postsTopic(), EventDeserializer.posts()),
            watermarks,
            "posts-source")
        .uid("posts-source");
  }

  /**
   * The erasure topic (it may not exist yet): from the committed offsets (else the earliest) when
   * unbounded; a bounded run reads every request still in the topic, so a replay of old input
   * honours the erasures made since (docs/privacy.md).
   */
  @Override
  public DataStream<DecodedInput> erasures(StreamExecutionEnvironment env) {
    boolean pseudonymized = config.privacy().memberIdHmacKey().isPresent();
    KafkaSourceBuilder<DecodedInput> builder =
        builder(config.kafka().erasureTopic(), EventDeserializer.erasures(pseudonymized))
            // A pattern, not a topic: a deployment that has not created the erasure topic yet
            // (./pulse setup does) runs, and the topic is found when partitions are next
            // discovered, within a minute.
            .setTopicPattern(Pattern.compile(Pattern.quote(config.kafka().erasureTopic())))
            .setProperty("partition.discovery.interval.ms", "60000");
    Source<DecodedInput, ?, ?> source;
    if (stop == null) {
      source = builder.build();
    } else {
      // A bounded source over a topic with no partitions would never finish (its enumerator
      // waits for partitions to appear): read what the topic holds now, or nothing.
      Map<TopicPartition, Long> end =
          KafkaOffsets.end(config, List.of(config.kafka().erasureTopic()));
      if (end.isEmpty()) {
        return EventSources.super.erasures(env);
      }
      builder.setStartingOffsets(OffsetsInitializer.earliest());
      builder.setBounded(OffsetsInitializer.offsets(end));
      source = new RestorableBoundedKafkaSource<>(builder.build());
    }
    return env.fromSource(source, IngestWatermarks.idle(), "erasure-source").uid("erasure-source");
  }

  private Source<DecodedInput, ?, ?> source(String topic, EventDeserializer<?> deserializer) {
    KafkaSourceBuilder<DecodedInput> builder = builder(topic, deserializer).setTopics(topic);
    if (stop == null) {
      return builder.build();
    }
    builder.setBounded(stop);
    return new RestorableBoundedKafkaSource<>(builder.build());
  }

  /** Everything but the subscription, which the caller sets. */
  private KafkaSourceBuilder<DecodedInput> builder(
      String topic, EventDeserializer<?> deserializer) {
    KafkaSourceBuilder<DecodedInput> builder =
        KafkaSource.<DecodedInput>builder()
            .setBootstrapServers(config.kafka().requireBootstrapServers())
            .setGroupId(config.kafka().groupId())
            .setStartingOffsets(start)
            .setDeserializer(deserializer)
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperty("client.id.prefix", config.kafka().groupId() + "-" + topic);
    config.kafka().security().clientProperties().forEach(builder::setProperty);
    return builder;
  }
}
