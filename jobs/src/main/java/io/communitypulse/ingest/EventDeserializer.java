package io.communitypulse.ingest;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.DeadLetters;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.Rejection;
import io.communitypulse.wire.WireCodec;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into a {@link DecodedInput}: the decoded, validated event, or a dead letter
 * with the reason. It never throws, so no record can stop the source, and it counts every outcome
 * ({@code eventsAccepted}, {@code deadLetters.<REASON>}).
 *
 * <p>Validation happens here, before the watermark is computed, so that a record dated far in the
 * future is rejected before it could move event time.
 */
public final class EventDeserializer<T extends SpecificRecord>
    implements KafkaRecordDeserializationSchema<DecodedInput> {

  private final Kind kind;
  private transient WireCodec<T> codec;
  private transient EventValidator validator;
  private transient Counter accepted;
  private transient Map<RejectReason, Counter> rejected;
  private transient MetricGroup metrics;

  /** Which record a topic carries. */
  public enum Kind implements Serializable {
    CLICK,
    POST,
    ERASURE
  }

  /** For erasure requests: whether the job pseudonymises member ids (the request must agree). */
  private final boolean pseudonymized;

  private EventDeserializer(Kind kind, boolean pseudonymized) {
    this.kind = kind;
    this.pseudonymized = pseudonymized;
  }

  public static EventDeserializer<ClickEvent> clicks() {
    return new EventDeserializer<>(Kind.CLICK, false);
  }

  public static EventDeserializer<PostEvent> posts() {
    return new EventDeserializer<>(Kind.POST, false);
  }

  /**
   * For the erasure topic of a job that does ({@code pseudonymized}) or does not pseudonymise
   * member ids: a request made under the other setting names nobody the job knows, so it is
   * rejected with a reason instead of silently missing (docs/privacy.md).
   */
  public static EventDeserializer<ErasureRequest> erasures(boolean pseudonymized) {
    return new EventDeserializer<>(Kind.ERASURE, pseudonymized);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    init(context.getMetricGroup(), Clock.systemUTC());
  }

  @SuppressWarnings("unchecked")
  void init(MetricGroup metricGroup, Clock clock) {
    codec =
        (WireCodec<T>)
            switch (kind) {
              case CLICK -> WireCodec.clicks();
              case POST -> WireCodec.posts();
              case ERASURE -> WireCodec.erasureRequests();
            };
    validator = new EventValidator(clock);
    metrics = metricGroup.addGroup("ingest");
    accepted = metrics.counter("eventsAccepted");
    rejected = new EnumMap<>(RejectReason.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedInput> out) {
    out.collect(decode(record.value(), record.topic(), record.partition(), record.offset()));
  }

  /** Decodes and validates one payload; never throws. */
  DecodedInput decode(byte[] bytes, String topic, int partition, long offset) {
    Decoded<T> decoded;
    try {
      decoded = codec.decode(bytes, validator);
    } catch (RuntimeException unexpected) {
      // The codec promises not to throw; this is the belt to its braces, so a bug there can
      // still not stop the job.
      decoded =
          Decoded.rejected(
              new Rejection(RejectReason.OTHER, "unexpected decoding error: " + unexpected));
    }
    if (decoded.ok() && kind == Kind.ERASURE) {
      decoded = checkPseudonymized(decoded);
    }
    if (decoded.ok()) {
      accepted.inc();
      T event = decoded.value();
      return switch (kind) {
        case CLICK -> DecodedInput.ofClick((ClickEvent) event, topic, partition, offset);
        case POST -> DecodedInput.ofPost((PostEvent) event, topic, partition, offset);
        case ERASURE -> DecodedInput.ofErasure((ErasureRequest) event, topic, partition, offset);
      };
    }
    countRejection(decoded.rejection().reason());
    return DecodedInput.ofDeadLetter(
        DeadLetters.fromKafka(bytes, topic, partition, offset, decoded, Instant.now()));
  }

  private Decoded<T> checkPseudonymized(Decoded<T> decoded) {
    ErasureRequest request = (ErasureRequest) decoded.value();
    boolean requestPseudonymized = request.getPseudonymized();
    if (requestPseudonymized == pseudonymized) {
      return decoded;
    }
    return Decoded.rejected(
        new Rejection(
            RejectReason.INVALID_FIELD,
            "pseudonymized is "
                + requestPseudonymized
                + " but the job "
                + (pseudonymized ? "pseudonymises" : "does not pseudonymise")
                + " member ids (privacy.member-id-hmac-key): run ./pulse forget with the job's"
                + " configuration"),
        request.getCommunityId(),
        request.getRequestId());
  }

  private void countRejection(RejectReason reason) {
    rejected.computeIfAbsent(reason, r -> metrics.addGroup("deadLetters").counter(r.name())).inc();
  }

  @Override
  public TypeInformation<DecodedInput> getProducedType() {
    return TypeInformation.of(DecodedInput.class);
  }
}
