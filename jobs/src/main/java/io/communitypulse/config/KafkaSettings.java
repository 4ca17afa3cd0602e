package io.communitypulse.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * Where the job's Kafka is and what it reads and writes there ({@code kafka.*} options,
 * docs/configuration.md).
 *
 * @param bootstrapServers host:port[,host:port]; empty until given
 * @param clicksTopic topic of ClickEvent records
 * @param postsTopic topic of PostEvent records
 * @param deadLetterTopic topic of every input record the pipeline could not use
 * @param erasureTopic topic of ErasureRequest records
 * @param topicPartitions partitions per topic when Community Pulse creates the topics
 * @param groupId consumer group id (for lag; offsets are checkpointed by Flink)
 * @param security how every Kafka client authenticates and encrypts
 */
public record KafkaSettings(
    Optional<String> bootstrapServers,
    String clicksTopic,
    String postsTopic,
    String deadLetterTopic,
    String erasureTopic,
    int topicPartitions,
    String groupId,
    KafkaSecurity security) {

  static KafkaSettings from(Configuration conf) {
    return new KafkaSettings(
        conf.getOptional(PulseOptions.KAFKA_BOOTSTRAP_SERVERS),
        conf.get(PulseOptions.TOPIC_CLICKS),
        conf.get(PulseOptions.TOPIC_POSTS),
        conf.get(PulseOptions.TOPIC_DEAD_LETTER),
        conf.get(PulseOptions.TOPIC_ERASURE),
        OptionValues.atLeastOne(conf, PulseOptions.TOPIC_PARTITIONS),
        conf.get(PulseOptions.KAFKA_GROUP_ID),
        KafkaSecurity.of(
            conf.get(PulseOptions.KAFKA_SECURITY_PROTOCOL),
            conf.get(PulseOptions.KAFKA_SASL_MECHANISM),
            conf.get(PulseOptions.KAFKA_SASL_USERNAME),
            conf.get(PulseOptions.KAFKA_SASL_PASSWORD),
            conf.get(PulseOptions.KAFKA_SSL_TRUSTSTORE)));
  }

  /** The Kafka address, or a clear error naming the setting. */
  public String requireBootstrapServers() {
    return bootstrapServers.orElseThrow(
        () ->
            new InvalidConfigException(
                "no Kafka address: pass --kafka HOST:PORT or set "
                    + ConfigSources.envName(PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key())));
  }

  /**
   * The Kafka client settings every client of the job and the CLI starts from: the bootstrap
   * servers plus {@link KafkaSecurity#clientProperties()}.
   */
  public Map<String, String> clientProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", requireBootstrapServers());
    props.putAll(security.clientProperties());
    return props;
  }

  /** A copy pointing at another broker. */
  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(
        Optional.of(servers),
        clicksTopic,
        postsTopic,
        deadLetterTopic,
        erasureTopic,
        topicPartitions,
        groupId,
        security);
  }
}
