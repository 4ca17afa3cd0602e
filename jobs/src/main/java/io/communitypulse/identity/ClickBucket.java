package io.communitypulse.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * The clicks of one device in one fixed slice of event time, sorted in {@link TimelineClick#ORDER}.
 * The stitcher stores one bucket per map-state entry so that a new click rewrites its own small
 * bucket, not the device's whole history. A Flink POJO (Flink serializes {@code List} fields with
 * its own list serializer, not Kryo).
 */
public class ClickBucket {
  public List<StitchedClick> clicks = new ArrayList<>();

  public ClickBucket() {}
}
