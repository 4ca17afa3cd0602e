package io.communitypulse.collector;

import io.communitypulse.events.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The collector's counters, rendered in the Prometheus text format at {@code /metrics}
 * (docs/operations.md, "The collector", says what to alert on): requests by endpoint and status,
 * refused requests by status and cause, events accepted and rejected by reason, the in-flight
 * buffer's fill, Kafka's reachability and the time Kafka takes to acknowledge a record. Counters
 * are {@link LongAdder}s, cheap on every event loop at once; no metrics library is needed for a
 * dozen series.
 */
final class CollectorMetrics {

  /** Upper bounds of the Kafka acknowledgement histogram, in seconds. */
  static final double[] SEND_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
  private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
  private final LongAdder accepted = new LongAdder();
  private final LongAdder pixelLost = new LongAdder();

  /** One per bound, and a last one for slower sends. */
  private final LongAdder[] sendBuckets = new LongAdder[SEND_BUCKETS.length + 1];

  private final LongAdder sendNanos = new LongAdder();
  private volatile IntSupplier inFlight = () -> 0;
  private volatile int inFlightCapacity;
  private volatile IntSupplier kafkaReachable = () -> 0;

  CollectorMetrics() {
    for (Refusal refusal : Refusal.values()) {
      refusals.put(refusal, new LongAdder());
    }
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, new LongAdder());
    }
    for (int i = 0; i < sendBuckets.length; i++) {
      sendBuckets[i] = new LongAdder();
    }
  }

  /** The gauges: events in flight now and at most, and whether Kafka answered the last check. */
  void gauges(IntSupplier inFlight, int capacity, IntSupplier kafkaReachable) {
    this.inFlight = inFlight;
    this.inFlightCapacity = capacity;
    this.kafkaReachable = kafkaReachable;
  }

  void request(String endpoint, int status) {
    requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
  }

  void refused(Refusal refusal) {
    refusals.get(refusal).increment();
  }

  void accepted(int events) {
    accepted.add(events);
  }

  void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  /** A pixel event Kafka did not take: the page got its GIF anyway, so the event is gone. */
  void pixelLost() {
    pixelLost.increment();
  }

  /** One record acknowledged (or failed) by Kafka {@code nanos} after it was handed over. */
  void sent(long nanos) {
    double seconds = nanos / 1e9;
    int bucket = 0;
    while (bucket < SEND_BUCKETS.length && seconds > SEND_BUCKETS[bucket]) {
      bucket++;
    }
    sendBuckets[bucket].increment();
    sendNanos.add(nanos);
  }

  long acceptedCount() {
    return accepted.sum();
  }

  long refusedCount(Refusal refusal) {
    return refusals.get(refusal).sum();
  }

  long rejectedCount(RejectReason reason) {
    return rejected.get(reason).sum();
  }

  /** Everything, in the Prometheus text exposition format 0.0.4. */
  String render() {
    StringBuilder out = new StringBuilder(4096);
    header(
        out, "pulse_collector_requests_total", "counter", "HTTP requests by endpoint and status.");
    new TreeMap<>(requests)
        .forEach(
            (k, v) -> {
              String[] parts = k.split("\u0000");
              out.append("pulse_collector_requests_total{endpoint=\"")
                  .append(parts[0])
                  .append("\",status=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(v.sum())
                  .append('\n');
            });
    header(
        out,
        "pulse_collector_refusals_total",
        "counter",
        "Requests refused whole, by status and cause (nothing of them reached Kafka).");
    refusals.forEach(
        (refusal, v) ->
            out.append("pulse_collector_refusals_total{status=\"")
                .append(refusal.status())
                .append("\",cause=\"")
                .append(refusal.cause())
                .append("\"} ")
                .append(v.sum())
                .append('\n'));
    header(
        out, "pulse_collector_events_accepted_total", "counter", "Events acknowledged by Kafka.");
    out.append("pulse_collector_events_accepted_total ").append(accepted.sum()).append('\n');
    header(
        out,
        "pulse_collector_events_rejected_total",
        "counter",
        "Events refused by the job's rules and dead-lettered, by reason.");
    rejected.forEach(
        (reason, v) ->
            out.append("pulse_collector_events_rejected_total{reason=\"")
                .append(reason.name())
                .append("\"} ")
                .append(v.sum())
                .append('\n'));
    header(
        out,
        "pulse_collector_pixel_events_lost_total",
        "counter",
        "Pixel events Kafka did not take (the page got its GIF; the event is gone).");
    out.append("pulse_collector_pixel_events_lost_total ").append(pixelLost.sum()).append('\n');
    header(
        out,
        "pulse_collector_in_flight_events",
        "gauge",
        "Events handed to Kafka and not yet acknowledged.");
    out.append("pulse_collector_in_flight_events ").append(inFlight.getAsInt()).append('\n');
    header(
        out,
        "pulse_collector_in_flight_capacity",
        "gauge",
        "Most events in flight; beyond it requests get 503.");
    out.append("pulse_collector_in_flight_capacity ").append(inFlightCapacity).append('\n');
    header(
        out,
        "pulse_collector_kafka_reachable",
        "gauge",
        "1 when the last metadata check of Kafka succeeded.");
    out.append("pulse_collector_kafka_reachable ").append(kafkaReachable.getAsInt()).append('\n');
    header(
        out,
        "pulse_collector_kafka_send_seconds",
        "histogram",
        "Time from handing a record to the producer to Kafka's acknowledgement or failure.");
    long cumulative = 0;
    for (int i = 0; i < SEND_BUCKETS.length; i++) {
      cumulative += sendBuckets[i].sum();
      out.append("pulse_collector_kafka_send_seconds_bucket{le=\"")
          .append(SEND_BUCKETS[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    long count = cumulative + sendBuckets[SEND_BUCKETS.length].sum();
    out.append("pulse_collector_kafka_send_seconds_bucket{le=\"+Inf\"} ")
        .append(count)
        .append('\n');
    out.append("pulse_collector_kafka_send_seconds_sum ")
        .append(sendNanos.sum() / 1e9)
        .append('\n');
    out.append("pulse_collector_kafka_send_seconds_count ").append(count).append('\n');
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
