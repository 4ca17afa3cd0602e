package io.communitypulse.runtime;

import io.communitypulse.EngagementJob;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.ingest.DeadLetterSerializer;
import io.communitypulse.ingest.EventSources;
import io.communitypulse.privacy.SessionDocumentErasure;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.sink.ElasticsearchSink;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The real sinks of the engagement job: Elasticsearch for documents, written once the checkpoint
 * covering them has completed (refused documents go to the dead-letter topic), and Kafka for dead
 * letters, at-least-once. A document may be written twice (after a restore); the deterministic ids
 * and external versions make that exactly-once in effect.
 */
public final class ProductionSinks {

  private ProductionSinks() {}

  /** The engagement job reading {@code sources} and writing to the real Elasticsearch and Kafka. */
  public static EngagementJob job(PulseConfig config, EventSources sources) {
    return new EngagementJob(config, sources, documents(config), deadLetters(config));
  }

  public static Sink<DocumentWrite> documents(PulseConfig config) {
    return documentSink()
        .connection(config.elasticsearch().connection())
        .rejectedDocumentHandler(
            new KafkaRejectedDocuments.Factory(
                config.kafka().clientProperties(), config.kafka().deadLetterTopic()))
        .build();
  }

  /**
   * The document sink with every transform the job's by-query operations name, ready for where it
   * writes to: what an erasure does to the session documents that name the member
   * (docs/privacy.md).
   */
  public static ElasticsearchSink.Builder documentSink() {
    return ElasticsearchSink.builder()
        .transform(SessionDocumentErasure.NAME, new SessionDocumentErasure());
  }

  public static Sink<DeadLetter> deadLetters(PulseConfig config) {
    Properties security = new Properties();
    security.putAll(config.kafka().security().clientProperties());
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(config.kafka().requireBootstrapServers())
        .setKafkaProducerConfig(security)
        .setRecordSerializer(new DeadLetterSerializer(config.kafka().deadLetterTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
