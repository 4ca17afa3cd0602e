package io.communitypulse.bench.e2e;

import io.communitypulse.config.PulseConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads how far the job is behind its input topics: the end offsets of every partition, the records
 * the job's sources have read ({@link SourceReadCounter}) and the offsets the job's group
 * committed, the consumer lag Kafka tooling shows (Flink's Kafka source commits what each completed
 * checkpoint covers). A partition without a committed offset counts from 0.
 */
final class ConsumerLag implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final String groupId;
  private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();

  ConsumerLag(PulseConfig config) throws Exception {
    Properties props = new Properties();
    props.putAll(config.kafka().clientProperties());
    this.admin = Admin.create(props);
    this.groupId = config.kafka().groupId();
    Map<String, TopicDescription> topics =
        admin
            .describeTopics(List.of(config.kafka().clicksTopic(), config.kafka().postsTopic()))
            .allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    topics
        .values()
        .forEach(
            t ->
                t.partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
  }

  /** One reading, stamped {@code atMillis}. */
  LagSample sample(long atMillis)
      throws InterruptedException, ExecutionException, TimeoutException {
    // Read before the end offsets: what the job has read was in Kafka before they were listed.
    long read = SourceReadCounter.recordsRead();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long end = 0;
    long done = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
      end += e.getValue().offset();
      OffsetAndMetadata c = committed.get(e.getKey());
      if (c != null) {
        done += c.offset();
      }
    }
    return new LagSample(atMillis, end, read, done);
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
