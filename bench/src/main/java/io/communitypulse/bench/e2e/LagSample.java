package io.communitypulse.bench.e2e;

/**
 * One reading of how far the job is behind its input topics, summed over every partition.
 *
 * @param atMillis when it was taken, in milliseconds since the start of its step
 * @param endOffsets the sum of the partitions' end offsets: records Kafka acknowledged (the topics
 *     start empty, so also the number of records produced)
 * @param readRecords records the job's Kafka sources have emitted into the pipeline ({@link
 *     SourceReadCounter}); the job starts at offset 0 and is never restored, so also the sum of the
 *     positions it has read to
 * @param committedOffsets the sum of the offsets the job's group committed: Flink's Kafka source
 *     commits what each completed checkpoint covers, so this moves once per checkpoint
 */
public record LagSample(long atMillis, long endOffsets, long readRecords, long committedOffsets) {

  /** Records in Kafka the job has not read yet: the lag {@link SustainRule} judges. */
  public long readLag() {
    return Math.max(0, endOffsets - readRecords);
  }

  /**
   * Records no completed checkpoint covers yet: the consumer lag Kafka tooling shows for the group,
   * a saw-tooth of about one checkpoint cycle of input even for a job that keeps up.
   */
  public long committedLag() {
    return Math.max(0, endOffsets - committedOffsets);
  }
}
