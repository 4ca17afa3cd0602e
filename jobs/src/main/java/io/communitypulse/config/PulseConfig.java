package io.communitypulse.config;

import io.communitypulse.community.HealthSettings;
import io.communitypulse.community.ValueThresholds;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.sink.ElasticsearchConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated, immutable configuration of the engagement job. Built once from a Flink {@link
 * Configuration} (see {@link ConfigSources}); every stage reads its settings from here. {@link
 * #toString()} never shows secrets.
 */
public record PulseConfig(
    Optional<String> kafkaBootstrapServers,
    String clicksTopic,
    String postsTopic,
    String deadLetterTopic,
    String erasureTopic,
    int topicPartitions,
    String groupId,
    KafkaSecurity kafkaSecurity,
    Optional<String> elasticsearchUrl,
    Optional<String> elasticsearchApiKey,
    Optional<String> elasticsearchCaCertificate,
    String indexPrefix,
    Duration outOfOrderness,
    Duration idleTimeout,
    Duration allowedLateness,
    Duration dedupWindow,
    Duration sessionGap,
    Duration sessionMaxLength,
    Duration liveUpdateInterval,
    Duration bindingTtl,
    Duration authorTtl,
    Duration resolveTimeout,
    Duration communityRefreshInterval,
    Duration memberMemory,
    IndicatorSettings indicatorSettings,
    HealthSettings healthSettings,
    ValueThresholds valueThresholds,
    Optional<String> memberIdHmacKey,
    UrlMemberIds memberUrlIds,
    PrivacySettings privacy,
    int parallelism,
    Duration checkpointInterval,
    SetupSettings setup) {

  /** The defaults alone (no Kafka or Elasticsearch address). */
  public static PulseConfig defaults() {
    return from(new Configuration());
  }

  /** Parses and validates; a wrong value fails with a message naming its key. */
  public static PulseConfig from(Configuration conf) {
    rejectUnknownKeys(conf);
    PulseConfig config;
    try {
      config =
          new PulseConfig(
              conf.getOptional(PulseOptions.KAFKA_BOOTSTRAP_SERVERS),
              conf.get(PulseOptions.TOPIC_CLICKS),
              conf.get(PulseOptions.TOPIC_POSTS),
              conf.get(PulseOptions.TOPIC_DEAD_LETTER),
              conf.get(PulseOptions.TOPIC_ERASURE),
              conf.get(PulseOptions.TOPIC_PARTITIONS),
              conf.get(PulseOptions.KAFKA_GROUP_ID),
              KafkaSecurity.of(
                  conf.get(PulseOptions.KAFKA_SECURITY_PROTOCOL),
                  conf.get(PulseOptions.KAFKA_SASL_MECHANISM),
                  conf.get(PulseOptions.KAFKA_SASL_USERNAME),
                  conf.get(PulseOptions.KAFKA_SASL_PASSWORD),
                  conf.get(PulseOptions.KAFKA_SSL_TRUSTSTORE)),
              conf.getOptional(PulseOptions.ES_URL),
              conf.getOptional(PulseOptions.ES_API_KEY).filter(k -> !k.isBlank()),
              conf.getOptional(PulseOptions.ES_CA_CERTIFICATE).filter(p -> !p.isBlank()),
              conf.get(PulseOptions.ES_INDEX_PREFIX),
              conf.get(PulseOptions.OUT_OF_ORDERNESS),
              conf.get(PulseOptions.IDLE_TIMEOUT),
              conf.get(PulseOptions.ALLOWED_LATENESS),
              conf.get(PulseOptions.DEDUP_WINDOW),
              conf.get(PulseOptions.SESSION_GAP),
              conf.get(PulseOptions.SESSION_MAX_LENGTH),
              conf.get(PulseOptions.SESSION_LIVE_UPDATE_INTERVAL),
              conf.get(PulseOptions.BINDING_TTL),
              conf.get(PulseOptions.AUTHOR_TTL),
              conf.get(PulseOptions.RESOLVE_TIMEOUT),
              conf.get(PulseOptions.COMMUNITY_REFRESH_INTERVAL),
              conf.get(PulseOptions.MEMBER_MEMORY),
              indicatorSettings(conf),
              healthSettings(conf),
              valueThresholds(conf),
              conf.getOptional(PulseOptions.MEMBER_ID_HMAC_KEY).filter(k -> !k.isBlank()),
              memberUrlIds(conf),
              PrivacySettings.from(conf),
              conf.get(PulseOptions.PARALLELISM),
              conf.get(PulseOptions.CHECKPOINT_INTERVAL),
              SetupSettings.from(conf));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    config.validate();
    return config;
  }

  private static UrlMemberIds memberUrlIds(Configuration conf) {
    try {
      return new UrlMemberIds(conf.get(PulseOptions.MEMBER_URL_PATTERNS));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          PulseOptions.MEMBER_URL_PATTERNS.key() + ": " + e.getMessage());
    }
  }

  private static IndicatorSettings indicatorSettings(Configuration conf) {
    IndicatorSettings settings =
        IndicatorSettings.defaults()
            .withAdvocateThreshold(conf.get(PulseOptions.ADVOCATE_THRESHOLD))
            .withCreatorMinPostsAndAnswers(conf.get(PulseOptions.CREATOR_MIN_POSTS_AND_ANSWERS))
            .withCreatorMinPostsAndReplies(conf.get(PulseOptions.CREATOR_MIN_POSTS_AND_REPLIES))
            .withContributorMinActions(conf.get(PulseOptions.CONTRIBUTOR_MIN_ACTIONS))
            .withLurkerMinActiveDays(conf.get(PulseOptions.LURKER_MIN_ACTIVE_DAYS));
    for (Map.Entry<String, String> e : conf.get(PulseOptions.ENGAGEMENT_WEIGHTS).entrySet()) {
      settings =
          settings.withEngagementWeight(
              field(PulseOptions.ENGAGEMENT_WEIGHTS, e.getKey()),
              weight(PulseOptions.ENGAGEMENT_WEIGHTS, e.getValue()));
    }
    for (Map.Entry<String, String> e : conf.get(PulseOptions.ADVOCACY_WEIGHTS).entrySet()) {
      settings =
          settings.withAdvocacyWeight(
              field(PulseOptions.ADVOCACY_WEIGHTS, e.getKey()),
              weight(PulseOptions.ADVOCACY_WEIGHTS, e.getValue()));
    }
    return settings;
  }

  private static HealthSettings healthSettings(Configuration conf) {
    Map<String, Double> weights = new HashMap<>();
    conf.get(PulseOptions.HEALTH_WEIGHTS)
        .forEach((k, v) -> weights.put(k.trim(), weight(PulseOptions.HEALTH_WEIGHTS, v)));
    try {
      return HealthSettings.of(
          weights,
          conf.get(PulseOptions.HEALTH_FULL_STICKINESS),
          conf.get(PulseOptions.HEALTH_FULL_RECIPROCITY),
          conf.get(PulseOptions.HEALTH_FULL_CONTRIBUTION),
          conf.get(PulseOptions.HEALTH_FAST_RESPONSE_MINUTES),
          conf.get(PulseOptions.HEALTH_SLOW_RESPONSE_MINUTES));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("health settings: " + e.getMessage());
    }
  }

  private static ValueThresholds valueThresholds(Configuration conf) {
    return new ValueThresholds(
        conf.get(PulseOptions.VALUE_HEALTH_THRESHOLD),
        conf.get(PulseOptions.VALUE_CONVERSIONS_THRESHOLD),
        perCommunity(conf, PulseOptions.VALUE_COMMUNITY_HEALTH_THRESHOLDS),
        perCommunity(conf, PulseOptions.VALUE_COMMUNITY_CONVERSIONS_THRESHOLDS));
  }

  private static Map<String, Double> perCommunity(
      Configuration conf, ConfigOption<Map<String, String>> option) {
    Map<String, Double> values = new HashMap<>();
    conf.get(option).forEach((community, v) -> values.put(community.trim(), weight(option, v)));
    return values;
  }

  private static Field field(ConfigOption<?> option, String name) {
    for (Field f : Field.values()) {
      if (f.jsonName().equals(name.trim())) {
        return f;
      }
    }
    throw new InvalidConfigException(option.key() + ": no member-document field '" + name + "'");
  }

  private static double weight(ConfigOption<?> option, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(option.key() + ": '" + value + "' is not a number");
    }
  }

  private static void rejectUnknownKeys(Configuration conf) {
    Set<String> known =
        PulseOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
    for (String key : conf.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidConfigException("unknown setting '" + key + "'");
      }
    }
  }

  private void validate() {
    positive(PulseOptions.SESSION_GAP, sessionGap);
    positive(PulseOptions.SESSION_MAX_LENGTH, sessionMaxLength);
    positive(PulseOptions.IDLE_TIMEOUT, idleTimeout);
    positive(PulseOptions.DEDUP_WINDOW, dedupWindow);
    positive(PulseOptions.CHECKPOINT_INTERVAL, checkpointInterval);
    notNegative(PulseOptions.OUT_OF_ORDERNESS, outOfOrderness);
    notNegative(PulseOptions.ALLOWED_LATENESS, allowedLateness);
    notNegative(PulseOptions.SESSION_LIVE_UPDATE_INTERVAL, liveUpdateInterval);
    notNegative(PulseOptions.COMMUNITY_REFRESH_INTERVAL, communityRefreshInterval);
    notNegative(PulseOptions.BINDING_TTL, bindingTtl);
    positive(PulseOptions.AUTHOR_TTL, authorTtl);
    positive(PulseOptions.MEMBER_MEMORY, memberMemory);
    if (resolveTimeout.compareTo(allowedLateness) < 0) {
      // A post may legitimately arrive up to the allowed lateness after a reply to it.
      throw new InvalidConfigException(
          PulseOptions.RESOLVE_TIMEOUT.key() + " must be at least events.allowed-lateness");
    }
    if (sessionMaxLength.compareTo(sessionGap) < 0) {
      throw new InvalidConfigException(
          PulseOptions.SESSION_MAX_LENGTH.key() + " must not be shorter than session.gap");
    }
    if (parallelism < 1) {
      throw new InvalidConfigException(PulseOptions.PARALLELISM.key() + " must be at least 1");
    }
    if (topicPartitions < 1) {
      throw new InvalidConfigException(PulseOptions.TOPIC_PARTITIONS.key() + " must be at least 1");
    }
    elasticsearchCaCertificate.ifPresent(
        path -> {
          if (elasticsearchUrl.isPresent() && !elasticsearchUrl.get().startsWith("https://")) {
            throw new InvalidConfigException(
                PulseOptions.ES_CA_CERTIFICATE.key() + " is only used with an https:// URL");
          }
        });
    if (!indexPrefix.isEmpty() && !indexPrefix.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new InvalidConfigException(
          PulseOptions.ES_INDEX_PREFIX.key() + " must be lower-case letters, digits, '-' or '_'");
    }
  }

  private static void positive(ConfigOption<Duration> option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(option.key() + " must be positive, was " + value);
    }
  }

  private static void notNegative(ConfigOption<Duration> option, Duration value) {
    if (value.isNegative()) {
      throw new InvalidConfigException(option.key() + " must not be negative, was " + value);
    }
  }

  /**
   * How long after the end of a UTC day its figures are final (the {@code final} field of community
   * documents, docs/indicators.md): a POST of the day's last minute can be answered within 24 h,
   * and that answer arrives up to the allowed lateness behind the watermark; and no signal may
   * still reach the day, so never before the indicator signal lateness (docs/semantics.md, "When a
   * day is final").
   */
  public Duration dayFinalAfter() {
    Duration answered = Duration.ofDays(1).plus(allowedLateness);
    Duration signals = indicatorSignalLateness();
    return answered.compareTo(signals) >= 0 ? answered : signals;
  }

  /**
   * How far behind the watermark a stitched event can reach the session stage: an input event may
   * be up to the allowed lateness behind, and a sign-in can then move the pre-sign-in pages before
   * it, up to one maximum session length earlier, to its member. Sessions must stay revisable that
   * long or a moved page would leave a stale visitor session behind.
   */
  public Duration stitchedEventLateness() {
    return allowedLateness.plus(sessionMaxLength);
  }

  /**
   * How far behind the watermark a signal can still reach the indicator stages: a session is
   * revisable for the stitched-event lateness after it closes, which is a gap after its last event,
   * at most one maximum length after its start, and it counts on its start day (docs/semantics.md,
   * "When a day is final"). A signal dated before the day of {@code watermark − this} changes
   * nothing any more.
   */
  public Duration indicatorSignalLateness() {
    return sessionMaxLength.plus(sessionGap).plus(stitchedEventLateness());
  }

  /** The Kafka address, or a clear error naming the setting. */
  public String requireKafka() {
    return kafkaBootstrapServers.orElseThrow(
        () ->
            new InvalidConfigException(
                "no Kafka address: pass --kafka HOST:PORT or set "
                    + ConfigSources.envName(PulseOptions.KAFKA_BOOTSTRAP_SERVERS.key())));
  }

  /** The Elasticsearch URL, or a clear error naming the setting. */
  public String requireElasticsearch() {
    return elasticsearchUrl.orElseThrow(
        () ->
            new InvalidConfigException(
                "no Elasticsearch URL: pass --es URL or set "
                    + ConfigSources.envName(PulseOptions.ES_URL.key())));
  }

  /**
   * The Kafka client settings every client of the job and the CLI starts from: the bootstrap
   * servers plus {@link KafkaSecurity#clientProperties()}.
   */
  public Map<String, String> kafkaClientProperties() {
    Map<String, String> props = new java.util.LinkedHashMap<>();
    props.put("bootstrap.servers", requireKafka());
    props.putAll(kafkaSecurity.clientProperties());
    return props;
  }

  /** Where Elasticsearch is and how to authenticate and trust it (API key, CA certificate). */
  public ElasticsearchConnection elasticsearchConnection() {
    return ElasticsearchConnection.of(requireElasticsearch())
        .withApiKey(elasticsearchApiKey.orElse(null))
        .withCaCertificate(elasticsearchCaCertificate.orElse(null));
  }

  /** A copy pointing at other infrastructure (used when ./pulse starts its own). */
  public PulseConfig withInfrastructure(String kafka, String elasticsearch) {
    return new PulseConfig(
        Optional.of(kafka),
        clicksTopic,
        postsTopic,
        deadLetterTopic,
        erasureTopic,
        topicPartitions,
        groupId,
        kafkaSecurity,
        Optional.of(elasticsearch),
        elasticsearchApiKey,
        elasticsearchCaCertificate,
        indexPrefix,
        outOfOrderness,
        idleTimeout,
        allowedLateness,
        dedupWindow,
        sessionGap,
        sessionMaxLength,
        liveUpdateInterval,
        bindingTtl,
        authorTtl,
        resolveTimeout,
        communityRefreshInterval,
        memberMemory,
        indicatorSettings,
        healthSettings,
        valueThresholds,
        memberIdHmacKey,
        memberUrlIds,
        privacy,
        parallelism,
        checkpointInterval,
        setup);
  }

  @Override
  public String toString() {
    return "PulseConfig{kafka="
        + kafkaBootstrapServers.orElse("-")
        + ", topics="
        + clicksTopic
        + ","
        + postsTopic
        + ","
        + deadLetterTopic
        + ", kafkaSecurity="
        + kafkaSecurity
        + ", elasticsearch="
        + elasticsearchUrl.orElse("-")
        + ", apiKey="
        + (elasticsearchApiKey.isPresent() ? "***" : "-")
        + ", caCertificate="
        + elasticsearchCaCertificate.orElse("-")
        + ", memberIdHmac="
        + (memberIdHmacKey.isPresent() ? "on" : "off")
        + ", indexPrefix="
        + indexPrefix
        + ", sessionGap="
        + sessionGap
        + ", maxSession="
        + sessionMaxLength
        + ", lateness="
        + allowedLateness
        + ", parallelism="
        + parallelism
        + "}";
  }
}
