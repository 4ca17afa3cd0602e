package io.communitypulse.bench.e2e;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * The state backend the end-to-end part runs the job with. Production (the Kubernetes manifests and
 * docker-compose.yml) runs RocksDB with incremental checkpoints; local runs of {@code ./pulse} keep
 * state on the heap and write all of it at every checkpoint.
 */
public enum StateBackendChoice {
  /** RocksDB, incremental checkpoints: what production runs. */
  ROCKSDB("rocksdb, incremental checkpoints"),
  /** The heap, full checkpoints: what {@code ./pulse demo} and {@code replay} run. */
  HASHMAP("heap (hashmap), full checkpoints");

  private final String description;

  StateBackendChoice(String description) {
    this.description = description;
  }

  /** Sets this backend in a job's Flink configuration. */
  public void applyTo(Configuration conf) {
    conf.set(StateBackendOptions.STATE_BACKEND, this == ROCKSDB ? "rocksdb" : "hashmap");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == ROCKSDB);
  }

  public String description() {
    return description;
  }
}
