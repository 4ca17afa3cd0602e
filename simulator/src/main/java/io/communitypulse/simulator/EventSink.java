package io.communitypulse.simulator;

import org.apache.avro.specific.SpecificRecord;

/** Receives generated events, with their {@code occurred_at} in epoch milliseconds. */
interface EventSink {
  void emit(SpecificRecord event, long occurredAtMillis);
}
