package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.infra.testing.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared Kafka broker takes and hands back records on a three-partition topic. */
@ExtendWith(SharedInfrastructure.class)
class LocalKafkaITCase {

  private static final int PARTITIONS = 3;
  private static final int RECORDS = 12;

  @Test
  void producesAndConsumesOnEveryPartition() throws ExecutionException, InterruptedException {
    String topic = SharedInfrastructure.uniqueName("pulse-it-smoke");
    SharedInfrastructure.createTopic(topic, PARTITIONS);
    // Creating an existing topic is fine.
    SharedInfrastructure.createTopic(topic, PARTITIONS);
    assertThat(partitionCount(topic)).isEqualTo(PARTITIONS);

    List<RecordMetadata> written = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
      for (int i = 0; i < RECORDS; i++) {
        written.add(
            producer
                .send(new ProducerRecord<>(topic, i % PARTITIONS, "key-" + i, "value-" + i))
                .get());
      }
    }
    assertThat(written).extracting(RecordMetadata::partition).containsOnly(0, 1, 2);

    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < RECORDS && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(read::add);
      }
    }

    assertThat(read).hasSize(RECORDS);
    for (int partition = 0; partition < PARTITIONS; partition++) {
      int p = partition;
      // Within a partition, records come back in the order they were written.
      assertThat(read.stream().filter(r -> r.partition() == p).map(ConsumerRecord::value))
          .containsExactly(
              "value-" + p, "value-" + (p + 3), "value-" + (p + 6), "value-" + (p + 9));
    }
    Set<String> keys = read.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    assertThat(keys).hasSize(RECORDS);
  }

  private static int partitionCount(String topic) throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()))) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static Properties producerConfig() {
    Properties config = new Properties();
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return config;
  }

  private static Properties consumerConfig() {
    Properties config = new Properties();
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, SharedInfrastructure.uniqueName("pulse-it-group"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return config;
  }
}
