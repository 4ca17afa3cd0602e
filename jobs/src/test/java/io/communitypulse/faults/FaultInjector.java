package io.communitypulse.faults;

import io.communitypulse.ingest.DecodedInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through step right after a source, inserted only by the fault tests: it reports records
 * and completed checkpoints to its {@link FaultProbe}, paces the input, and throws the injected
 * failure when the probe says so. Production code knows nothing of it.
 */
final class FaultInjector extends RichMapFunction<DecodedInput, DecodedInput>
    implements CheckpointListener {

  private static final long serialVersionUID = 1L;

  private final String probeId;
  private transient FaultProbe probe;

  FaultInjector(String probeId) {
    this.probeId = probeId;
  }

  @Override
  public void open(OpenContext openContext) {
    probe = FaultProbe.get(probeId);
    probe.opens.incrementAndGet();
  }

  @Override
  public DecodedInput map(DecodedInput input) {
    probe.onRecord();
    return input;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    probe.onCheckpointComplete();
  }
}
