package io.communitypulse.identity;

import java.util.Comparator;

/**
 * What the stitching rules need to know about one click of a device: when it happened, its id (the
 * tie-breaker) and the member it binds the device to, if any. Kept this small so that the rules can
 * be tested on plain values, without Flink or Avro.
 */
public interface TimelineClick {

  /**
   * Event-time order of a device's clicks: by time, ties broken by event id (docs/semantics.md,
   * "Identity stitching").
   */
  Comparator<TimelineClick> ORDER =
      Comparator.comparingLong(TimelineClick::timestamp).thenComparing(TimelineClick::eventId);

  /** Event time, epoch milliseconds. */
  long timestamp();

  String eventId();

  /** The member this click binds its device to; null for an unbound click. */
  String boundMemberId();

  default boolean isBinding() {
    return boundMemberId() != null;
  }
}
