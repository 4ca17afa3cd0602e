package io.communitypulse.ingest;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded {@link KafkaSource} that also finishes when its enumerator is restored: after a global
 * failover (a failed checkpoint, a lost JobManager) or a restore from a savepoint. The connector's
 * restored enumerator finds every partition already assigned and then never tells the readers that
 * no more splits will come (FLINK-31006, FLINK-33466), so a bounded replay would run forever. Here
 * the restored enumerator says so itself to every reader that registers, when its state shows the
 * initial discovery done and nothing left to assign; otherwise its own discovery still assigns and
 * signals. Splits, enumerator state and their serializers are the connector's, so checkpoints and
 * savepoints stay compatible.
 */
final class RestorableBoundedKafkaSource<T>
    implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final KafkaSource<T> kafka;

  RestorableBoundedKafkaSource(KafkaSource<T> kafka) {
    if (kafka.getBoundedness() != Boundedness.BOUNDED) {
      throw new IllegalArgumentException("the Kafka source is not bounded");
    }
    this.kafka = kafka;
  }

  @Override
  public Boundedness getBoundedness() {
    return kafka.getBoundedness();
  }

  @Override
  public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
      throws Exception {
    return kafka.createReader(context);
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context) {
    return kafka.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state)
      throws IOException {
    SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored =
        kafka.restoreEnumerator(context, state);
    boolean nothingLeftToDiscover =
        state.initialDiscoveryFinished() && state.unassignedSplits().isEmpty();
    return nothingLeftToDiscover ? new SignallingEnumerator(restored, context) : restored;
  }

  @Override
  public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
    return kafka.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
    return kafka.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return kafka.getProducedType();
  }

  /** The connector's enumerator, plus "no more splits" to every reader once it is served. */
  private static final class SignallingEnumerator
      implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {

    private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> delegate;
    private final SplitEnumeratorContext<KafkaPartitionSplit> context;

    SignallingEnumerator(
        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> delegate,
        SplitEnumeratorContext<KafkaPartitionSplit> context) {
      this.delegate = delegate;
      this.context = context;
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      delegate.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
      delegate.addSplitsBack(splits, subtaskId);
      if (context.registeredReaders().containsKey(subtaskId)) {
        context.signalNoMoreSplits(subtaskId);
      }
    }

    @Override
    public void addReader(int subtaskId) {
      // The connector assigns the reader's pending splits first, synchronously.
      delegate.addReader(subtaskId);
      context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
      return delegate.snapshotState(checkpointId);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
      delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
      delegate.handleSourceEvent(subtaskId, sourceEvent);
    }
  }
}
