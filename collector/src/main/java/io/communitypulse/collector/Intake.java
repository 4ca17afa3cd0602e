package io.communitypulse.collector;

import io.communitypulse.wire.Rejection;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one request's events became: the Kafka records to send (accepted events on their topics,
 * then a dead letter for each rejected one), how many events were accepted, and the rejections by
 * position in the batch.
 */
record Intake(List<ProducerRecord<String, byte[]>> records, int accepted, List<Rejected> rejected) {

  Intake {
    records = List.copyOf(records);
    rejected = List.copyOf(rejected);
  }

  /** One refused event: its position in the request's array and why. */
  record Rejected(int index, Rejection rejection) {}
}
