package io.communitypulse.runtime;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.sink.RejectedDocumentHandler;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends every document Elasticsearch refuses for its content to the dead-letter topic, with reason
 * {@code REJECTED_BY_ELASTICSEARCH} and the document as the original bytes, so the refusal is
 * visible and counted instead of blocking the job. Durable after every commit of the sink ({@link
 * #flush()}).
 */
final class KafkaRejectedDocuments implements RejectedDocumentHandler {

  private final transient KafkaProducer<byte[], byte[]> producer;
  private final transient WireCodec<DeadLetter> codec = WireCodec.deadLetters();
  private final String topic;
  private final transient AtomicReference<Exception> failure = new AtomicReference<>();

  private KafkaRejectedDocuments(Map<String, String> client, String topic) {
    this.producer = KafkaOffsets.producer(client);
    this.topic = topic;
  }

  @Override
  public void rejected(DocumentWrite write, String errorType, String reason) {
    // Not an input record: the source is the document, located by its index and id.
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setOriginal(ByteBuffer.wrap(write.source == null ? new byte[0] : write.source))
            .setSourceLocation("elasticsearch:" + write.index + "/" + write.id)
            .setReason(RejectReason.REJECTED_BY_ELASTICSEARCH)
            .setMessage("Elasticsearch refused the document: " + errorType + ": " + reason)
            .setCommunityId(write.communityId)
            .setFailedAt(Instant.now())
            .build();
    byte[] key =
        write.communityId == null ? null : write.communityId.getBytes(StandardCharsets.UTF_8);
    producer.send(
        new ProducerRecord<>(topic, key, codec.encode(letter)),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() throws IOException {
    producer.flush();
    Exception error = failure.getAndSet(null);
    if (error != null) {
      throw new IOException("could not dead-letter a refused document", error);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  /** Creates the handler on the task manager. */
  static final class Factory implements RejectedDocumentHandler.Factory {
    private static final long serialVersionUID = 1L;

    // A HashMap copy: serializable, unlike the immutable maps' views.
    private final HashMap<String, String> client;
    private final String topic;

    /** {@code client}: bootstrap servers and security settings of the producer. */
    Factory(Map<String, String> client, String topic) {
      this.client = new HashMap<>(client);
      this.topic = topic;
    }

    @Override
    public RejectedDocumentHandler create(InitContext context) {
      return new KafkaRejectedDocuments(client, topic);
    }

    @Override
    public String toString() {
      // The client settings may hold a SASL password.
      return "KafkaRejectedDocuments.Factory[" + topic + "]";
    }
  }
}
