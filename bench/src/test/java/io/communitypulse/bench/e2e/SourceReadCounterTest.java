package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.ProductionSinks;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class SourceReadCounterTest {

  @Test
  void countsExactlyTheProductionJobsTwoKafkaSources() {
    // Building the graph connects to nothing: the addresses are never used.
    PulseConfig config =
        PulseConfig.defaults().withInfrastructure("127.0.0.1:9", "http://127.0.0.1:9");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);

    List<String> counted =
        env.getStreamGraph().getStreamNodes().stream()
            .map(StreamNode::getOperatorName)
            .filter(SourceReadCounter::isInputSource)
            .toList();

    assertThat(counted).hasSize(2);
    assertThat(counted).anyMatch(n -> n.contains("clicks")).anyMatch(n -> n.contains("posts"));
  }
}
