package io.communitypulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.config.PulseConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Pulse.main exits the JVM only when it does not share it with a Flink cluster; local runs keep
 * checkpoints on disk and fetch no delegation tokens, cluster runs take the cluster's settings.
 */
class JobEnvironmentTest {

  @Test
  void aProgramStartedFromTheShellIsNotSubmittedToACluster() {
    assertThat(JobEnvironment.submittedToCluster()).isFalse();
  }

  @Test
  void aProgramRunByAClusterContextIsSubmittedToIt() {
    // Setting a context environment is what the Flink client and application mode do before
    // they call main(); the mini-cluster is never started here.
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().build());
    TestStreamEnvironment.setAsContext(cluster, 1);
    try {
      assertThat(JobEnvironment.submittedToCluster()).isTrue();
    } finally {
      TestStreamEnvironment.unsetAsContext();
    }
  }

  @Test
  void aLocalRunKeepsCheckpointsOnDiskNotInTheJobManagersMemory() {
    StreamExecutionEnvironment env = JobEnvironment.create(PulseConfig.defaults());

    assertThat(env.getConfiguration().get(CheckpointingOptions.CHECKPOINT_STORAGE))
        .isEqualTo("filesystem");
    assertThat(env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .startsWith("file:")
        .contains("community-pulse");
  }

  @Test
  void aLocalRunFetchesNoDelegationTokens() {
    StreamExecutionEnvironment env = JobEnvironment.create(PulseConfig.defaults());

    assertThat(env.getConfiguration().get(SecurityOptions.DELEGATION_TOKENS_ENABLED)).isFalse();
  }

  @Test
  void aClusterRunLeavesCheckpointStorageToTheCluster() {
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().build());
    TestStreamEnvironment.setAsContext(cluster, 1);
    try {
      StreamExecutionEnvironment env = JobEnvironment.create(PulseConfig.defaults());

      assertThat(env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
          .isEmpty();
      assertThat(env.getConfiguration().getOptional(SecurityOptions.DELEGATION_TOKENS_ENABLED))
          .isEmpty();
    } finally {
      TestStreamEnvironment.unsetAsContext();
    }
  }
}
