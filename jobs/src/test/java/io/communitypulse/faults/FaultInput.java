package io.communitypulse.faults;

import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.reference.InputPlan;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One deterministic input on its own topics: the simulator's events of a fixed seed (with a few
 * re-sent duplicates), produced once, and the offset range that holds exactly them. Every run of a
 * fault case reads this same range with a bounded source, so runs differ only by the fault.
 */
final class FaultInput {

  static final int PARTITIONS = 3;

  final String name;
  final String clicksTopic;
  final String postsTopic;
  final String deadLetterTopic;
  final String erasureTopic;
  final Map<TopicPartition, Long> start;
  final Map<TopicPartition, Long> end;
  final LocalDate asOfAtEnd;
  final int records;
  private List<ProducerRecord<byte[], byte[]>> rest = List.of();

  private FaultInput(
      String name,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      LocalDate asOfAtEnd,
      int records) {
    this.name = name;
    this.clicksTopic = name + ".clicks";
    this.postsTopic = name + ".posts";
    this.deadLetterTopic = name + ".deadletter";
    this.erasureTopic = name + ".erasure";
    this.start = start;
    this.end = end;
    this.asOfAtEnd = asOfAtEnd;
    this.records = records;
  }

  /** Three communities over three days: a few thousand events, seconds of work for the job. */
  static SimulatorSettings smallCommunities() {
    return SimulatorSettings.defaults()
        .withSeed(11)
        .withCommunities(3)
        .withMembersPerCommunity(30)
        .withVisitorsPerCommunity(40)
        .withDays(3)
        .withStart(java.time.Instant.parse("2026-03-02T00:00:00Z"))
        .withDuplicateShare(0.0);
  }

  /** Produces the simulated events of {@code settings} to new topics and returns their range. */
  static FaultInput produce(String label, SimulatorSettings settings) {
    FaultInput input = produceInPart(label, settings, 1.0);
    Map<TopicPartition, Long> actualEnd =
        KafkaOffsets.end(
            SharedInfrastructure.kafkaBootstrapServers(),
            List.of(input.clicksTopic, input.postsTopic));
    if (!actualEnd.equals(input.end)) {
      throw new IllegalStateException("end offsets " + actualEnd + " instead of " + input.end);
    }
    return input;
  }

  /**
   * Produces the first {@code share} of the records now and the rest on {@link #produceRest()}; the
   * range already ends where all of them will be (offsets of an idempotent producer have no gaps),
   * so a bounded job started now waits for the rest.
   */
  static FaultInput produceInPart(String label, SimulatorSettings settings, double share) {
    String name = SharedInfrastructure.uniqueName(label);
    String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
    InputPlan plan =
        new InputPlan(
            name + ".clicks",
            name + ".posts",
            PARTITIONS,
            PulseOptions.OUT_OF_ORDERNESS.defaultValue(),
            PulseOptions.ALLOWED_LATENESS.defaultValue());
    List<SpecificRecord> events = new CommunitySimulator(settings).generate().toList();
    for (int i = 0; i < events.size(); i++) {
      plan.add(events.get(i));
      if (i % 97 == 3) {
        plan.add(events.get(i)); // a site re-sending the same event
      }
    }
    // The erasure topic stays empty. It must exist: a bounded Kafka source whose pattern matches
    // no topic never finishes (the enumerator never signals that no more splits come).
    for (String topic :
        List.of(name + ".clicks", name + ".posts", name + ".deadletter", name + ".erasure")) {
      SharedInfrastructure.createTopic(topic, PARTITIONS);
    }
    List<String> topics = List.of(name + ".clicks", name + ".posts");
    Map<TopicPartition, Long> start = KafkaOffsets.end(bootstrap, topics);
    Map<TopicPartition, Long> end = new HashMap<>(start);
    for (ProducerRecord<byte[], byte[]> record : plan.records()) {
      end.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
    }
    long latest = plan.accepted().stream().mapToLong(InputPlan::occurredAt).max().orElseThrow();
    LocalDate asOf = LocalDate.ofEpochDay(Math.floorDiv(latest, Duration.ofDays(1).toMillis()));
    FaultInput input = new FaultInput(name, start, end, asOf, plan.records().size());
    // The first share of every partition now: a partition without any event yet would follow the
    // wall clock once idle (IngestWatermarks), far ahead of these simulated days.
    Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
    for (ProducerRecord<byte[], byte[]> record : plan.records()) {
      byPartition
          .computeIfAbsent(
              new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
          .add(record);
    }
    List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>();
    for (List<ProducerRecord<byte[], byte[]>> records : byPartition.values()) {
      int now = (int) Math.round(records.size() * share);
      first.addAll(records.subList(0, now));
      later.addAll(records.subList(now, records.size()));
    }
    input.send(first);
    input.rest = later;
    return input;
  }

  /** Produces the records {@link #produceInPart} held back. */
  void produceRest() {
    send(rest);
    rest = List.of();
  }

  private void send(List<ProducerRecord<byte[], byte[]>> records) {
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaOffsets.producer(SharedInfrastructure.kafkaBootstrapServers())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  @Override
  public String toString() {
    return name + " (" + records + " records)";
  }
}
