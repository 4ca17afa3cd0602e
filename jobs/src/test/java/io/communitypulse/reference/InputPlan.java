package io.communitypulse.reference;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records an integration test produces, each placed on an explicit partition, and what
 * the contract says must become of each: accepted, dropped as a duplicate, or dead-lettered with a
 * given reason. Lateness is decided the way docs/semantics.md ("Lateness is judged per partition")
 * and the job define it, per partition in production order (more than the allowed lateness behind
 * the partition's watermark), so the expectation holds whatever order the partitions are read in.
 */
public final class InputPlan {

  private final String clicksTopic;
  private final String postsTopic;
  private final int partitions;
  private final long outOfOrderness;
  private final long allowedLateness;

  private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
  private final Map<String, Long> partitionMax = new HashMap<>();
  private final Set<String> seenIds = new HashSet<>();
  private final List<SpecificRecord> accepted = new ArrayList<>();
  private final Map<RejectReason, Integer> expectedDeadLetters = new LinkedHashMap<>();
  private final Set<String> lateEventIds = new HashSet<>();
  private int duplicates;

  public InputPlan(
      String clicksTopic,
      String postsTopic,
      int partitions,
      Duration outOfOrderness,
      Duration allowedLateness) {
    this.clicksTopic = clicksTopic;
    this.postsTopic = postsTopic;
    this.partitions = partitions;
    this.outOfOrderness = outOfOrderness.toMillis();
    this.allowedLateness = allowedLateness.toMillis();
  }

  /** The partition a site's producer would choose is irrelevant; we pin one per key. */
  public int partitionOf(SpecificRecord event) {
    return Math.floorMod(Topics.key(event).hashCode(), partitions);
  }

  /** A valid event, produced to its topic and partition, with its fate computed. */
  public void add(SpecificRecord event) {
    boolean click = event instanceof ClickEvent;
    String topic = click ? clicksTopic : postsTopic;
    int partition = partitionOf(event);
    byte[] value =
        click
            ? WireCodec.clicks().encode((ClickEvent) event)
            : WireCodec.posts().encode((PostEvent) event);
    records.add(
        new ProducerRecord<>(
            topic, partition, Topics.key(event).getBytes(StandardCharsets.UTF_8), value));

    String partitionKey = topic + "-" + partition;
    long at = occurredAt(event);
    Long max = partitionMax.get(partitionKey);
    if (max != null && at < max - outOfOrderness - allowedLateness) {
      expectedDeadLetters.merge(RejectReason.LATE, 1, Integer::sum);
      lateEventIds.add(eventId(event));
      return;
    }
    if (max == null || at > max) {
      partitionMax.put(partitionKey, at);
    }
    if (!seenIds.add(communityId(event) + "/" + eventId(event))) {
      duplicates++;
      return;
    }
    accepted.add(event);
  }

  /** Bytes the job must refuse with {@code reason}, produced to a topic as they are. */
  public void addGarbage(boolean toClicks, int partition, byte[] value, RejectReason reason) {
    records.add(new ProducerRecord<>(toClicks ? clicksTopic : postsTopic, partition, null, value));
    expectedDeadLetters.merge(reason, 1, Integer::sum);
  }

  /** A valid encoding of an event the validator must refuse with {@code reason}. */
  public void addInvalid(SpecificRecord event, RejectReason reason) {
    boolean click = event instanceof ClickEvent;
    byte[] value =
        click
            ? WireCodec.clicks().encode((ClickEvent) event)
            : WireCodec.posts().encode((PostEvent) event);
    addGarbage(click, 0, value, reason);
  }

  public List<ProducerRecord<byte[], byte[]>> records() {
    return records;
  }

  public List<SpecificRecord> accepted() {
    return accepted;
  }

  public Map<RejectReason, Integer> expectedDeadLetters() {
    return expectedDeadLetters;
  }

  public Set<String> lateEventIds() {
    return lateEventIds;
  }

  public int duplicates() {
    return duplicates;
  }

  public static long occurredAt(SpecificRecord e) {
    return e instanceof ClickEvent c
        ? c.getOccurredAt().toEpochMilli()
        : ((PostEvent) e).getOccurredAt().toEpochMilli();
  }

  public static String eventId(SpecificRecord e) {
    return e instanceof ClickEvent c ? c.getEventId() : ((PostEvent) e).getEventId();
  }

  public static String communityId(SpecificRecord e) {
    return e instanceof ClickEvent c ? c.getCommunityId() : ((PostEvent) e).getCommunityId();
  }
}
