package io.communitypulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;

/** Pulse.main exits the JVM only when it does not share it with a Flink cluster. */
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
}
