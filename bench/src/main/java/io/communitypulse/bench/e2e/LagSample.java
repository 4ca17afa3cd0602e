package io.communitypulse.bench.e2e;

/**
 * One reading of the job's consumer lag on the input topics, summed over every partition.
 *
 * @param atMillis when it was taken, in milliseconds since the start of its step
 * @param endOffsets the sum of the partitions' end offsets (records acknowledged by Kafka)
 * @param committedOffsets the sum of the offsets the job's Kafka source committed for its group (it
 *     commits what each completed checkpoint covers)
 */
public record LagSample(long atMillis, long endOffsets, long committedOffsets) {

  /** Records in Kafka that no completed checkpoint of the job covers yet. */
  public long lag() {
    return Math.max(0, endOffsets - committedOffsets);
  }
}
