package io.communitypulse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The builder's Kafka configuration: durable defaults, pass-through, fixed serializers. */
class PulseProducerBuilderTest {

  @Test
  void defaultsToAcksAllAndIdempotence() {
    assertThat(PulseProducer.builder("k1:9092,k2:9092").producerConfig())
        .containsOnly(
            entry("bootstrap.servers", "k1:9092,k2:9092"),
            entry("acks", "all"),
            entry("enable.idempotence", true));
  }

  @Test
  void passesSecurityAndTuningPropertiesThroughButNotSerializers() {
    Properties sasl = new Properties();
    sasl.put("security.protocol", "SASL_SSL");
    sasl.put("sasl.mechanism", "PLAIN");
    sasl.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

    var config =
        PulseProducer.builder("k1:9092")
            .properties(sasl)
            .property("linger.ms", 20)
            .property("key.serializer", "x.Y")
            .producerConfig();

    assertThat(config)
        .contains(
            entry("security.protocol", "SASL_SSL"),
            entry("sasl.mechanism", "PLAIN"),
            entry("linger.ms", 20),
            entry("acks", "all"))
        .doesNotContainKeys("key.serializer", "value.serializer");
  }
}
