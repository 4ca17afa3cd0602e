package io.communitypulse.infra.local;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local pair: a {@link LocalKafka} broker in this JVM and a {@link LocalElasticsearch} node in
 * a child process, started side by side because the node takes longer than the broker.
 */
final class LocalInfrastructure implements PulseInfrastructure {

  private final LocalKafka kafka;
  private final LocalElasticsearch elasticsearch;

  private LocalInfrastructure(LocalKafka kafka, LocalElasticsearch elasticsearch) {
    this.kafka = kafka;
    this.elasticsearch = elasticsearch;
  }

  static LocalInfrastructure start() {
    LocalKafka kafka = new LocalKafka();
    LocalElasticsearch elasticsearch = new LocalElasticsearch();
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pulse-elasticsearch-start");
              thread.setDaemon(true);
              return thread;
            });
    try {
      CompletableFuture<LocalElasticsearch> esStarted =
          CompletableFuture.supplyAsync(elasticsearch::start, executor);
      try {
        kafka.start();
      } catch (RuntimeException e) {
        elasticsearch.close(); // also stops a node that is still starting
        throw e;
      }
      try {
        esStarted.join();
      } catch (CompletionException e) {
        kafka.close();
        elasticsearch.close();
        throw e.getCause() instanceof RuntimeException
            ? (RuntimeException) e.getCause()
            : new InfraStartupException("Elasticsearch failed to start: " + e.getCause(), e);
      }
      return new LocalInfrastructure(kafka, elasticsearch);
    } finally {
      executor.shutdown();
    }
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String elasticsearchUrl() {
    return elasticsearch.url();
  }

  @Override
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    kafka.createTopics(partitionsByTopic);
  }

  @Override
  public void stopElasticsearch() {
    elasticsearch.stopKeepingData();
  }

  @Override
  public void startElasticsearchAgain() {
    elasticsearch.startAgain();
  }

  @Override
  public void stopKafka() {
    kafka.stopBroker();
  }

  @Override
  public void startKafkaAgain() {
    kafka.startBrokerAgain();
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public void close() {
    try {
      elasticsearch.close();
    } finally {
      kafka.close();
    }
  }

  @Override
  public String toString() {
    return "local Kafka at "
        + kafka.bootstrapServers()
        + ", Elasticsearch at "
        + elasticsearch.url();
  }
}
