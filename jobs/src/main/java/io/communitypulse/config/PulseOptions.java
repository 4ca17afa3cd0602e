package io.communitypulse.config;

import io.communitypulse.community.HealthSettings;
import io.communitypulse.community.ValueThresholds;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.ingest.UrlMemberIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of Community Pulse, with its default and description: the one place defaults live
 * (those of the scoring model are read from its settings classes, {@link IndicatorSettings} and
 * {@link HealthSettings}, where docs/indicators.md points). Each key also reads from an environment
 * variable ({@code session.gap} → {@code PULSE_SESSION_GAP}) and from a properties file; see {@link
 * ConfigSources}.
 */
public final class PulseOptions {

  private PulseOptions() {}

  // --- Kafka --------------------------------------------------------------------------------
  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka bootstrap servers, host:port[,host:port]. Required for run.");

  public static final ConfigOption<String> TOPIC_CLICKS =
      ConfigOptions.key("kafka.topic.clicks")
          .stringType()
          .defaultValue("pulse.clicks.v1")
          .withDescription("Topic of ClickEvent records.");

  public static final ConfigOption<String> TOPIC_POSTS =
      ConfigOptions.key("kafka.topic.posts")
          .stringType()
          .defaultValue("pulse.posts.v1")
          .withDescription("Topic of PostEvent records.");

  public static final ConfigOption<String> TOPIC_DEAD_LETTER =
      ConfigOptions.key("kafka.topic.dead-letter")
          .stringType()
          .defaultValue("pulse.deadletter.v1")
          .withDescription("Topic that receives every input record the pipeline could not use.");

  public static final ConfigOption<String> TOPIC_ERASURE =
      ConfigOptions.key("kafka.topic.erasure")
          .stringType()
          .defaultValue("pulse.erasure.v1")
          .withDescription(
              "Topic of ErasureRequest records (./pulse forget writes them, the job forgets the"
                  + " member; docs/privacy.md).");

  public static final ConfigOption<Integer> TOPIC_PARTITIONS =
      ConfigOptions.key("kafka.topic.partitions")
          .intType()
          .defaultValue(4)
          .withDescription("Partitions per topic when Community Pulse creates the topics itself.");

  public static final ConfigOption<String> KAFKA_GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("community-pulse")
          .withDescription(
              "Consumer group id (offsets are checkpointed by Flink; this is for lag).");

  public static final ConfigOption<String> KAFKA_SECURITY_PROTOCOL =
      ConfigOptions.key("kafka.security.protocol")
          .stringType()
          .defaultValue("PLAINTEXT")
          .withDescription(
              "How every Kafka client connects: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");

  public static final ConfigOption<String> KAFKA_SASL_MECHANISM =
      ConfigOptions.key("kafka.sasl.mechanism")
          .stringType()
          .defaultValue("PLAIN")
          .withDescription("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

  public static final ConfigOption<String> KAFKA_SASL_USERNAME =
      ConfigOptions.key("kafka.sasl.username")
          .stringType()
          .noDefaultValue()
          .withDescription("SASL user name; required with SASL_PLAINTEXT and SASL_SSL.");

  public static final ConfigOption<String> KAFKA_SASL_PASSWORD =
      ConfigOptions.key("kafka.sasl.password")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "SASL password. A secret: never logged; may be read from the file named by"
                  + " PULSE_KAFKA_SASL_PASSWORD_FILE.");

  public static final ConfigOption<String> KAFKA_SSL_TRUSTSTORE =
      ConfigOptions.key("kafka.ssl.truststore")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file of the CA certificate(s) that signed the brokers' certificates (SSL and"
                  + " SASL_SSL); without it the JVM's default trust store is used.");

  // --- Elasticsearch ------------------------------------------------------------------------
  public static final ConfigOption<String> ES_URL =
      ConfigOptions.key("elasticsearch.url")
          .stringType()
          .noDefaultValue()
          .withDescription("Elasticsearch URL, e.g. http://localhost:9200. Required for run.");

  public static final ConfigOption<String> ES_API_KEY =
      ConfigOptions.key("elasticsearch.api-key")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Elasticsearch API key (encoded). A secret: never logged; may be read from the file"
                  + " named by PULSE_ELASTICSEARCH_API_KEY_FILE.");

  public static final ConfigOption<String> ES_CA_CERTIFICATE =
      ConfigOptions.key("elasticsearch.ca-certificate")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file of the CA certificate that signed Elasticsearch's HTTP certificate, for"
                  + " https URLs; without it the JVM's default trust store is used.");

  public static final ConfigOption<String> ES_INDEX_PREFIX =
      ConfigOptions.key("elasticsearch.index-prefix")
          .stringType()
          .defaultValue("")
          .withDescription("Prefix for every index and alias (tests use one per test).");

  // --- Event time ---------------------------------------------------------------------------
  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("events.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Bounded out-of-orderness of the watermark.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT =
      ConfigOptions.key("events.idle-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "After this long without events a partition's watermark follows the wall clock.");

  public static final ConfigOption<Duration> ALLOWED_LATENESS =
      ConfigOptions.key("events.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "Events further behind the watermark go to the dead-letter topic (LATE).");

  public static final ConfigOption<Duration> DEDUP_WINDOW =
      ConfigOptions.key("events.dedup-window")
          .durationType()
          .defaultValue(Duration.ofHours(24))
          .withDescription("An event_id seen again within this much event time is a duplicate.");

  // --- Identity and sessions ----------------------------------------------------------------
  public static final ConfigOption<Duration> SESSION_GAP =
      ConfigOptions.key("session.gap")
          .durationType()
          .defaultValue(Duration.ofMinutes(30))
          .withDescription("Inactivity that ends a session (events exactly one gap apart split).");

  public static final ConfigOption<Duration> SESSION_MAX_LENGTH =
      ConfigOptions.key("session.max-length")
          .durationType()
          .defaultValue(Duration.ofHours(12))
          .withDescription("An event this long after a session's start begins a new session.");

  public static final ConfigOption<Duration> SESSION_LIVE_UPDATE_INTERVAL =
      ConfigOptions.key("session.live-update-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "Throttles live session updates per actor. 0 (default) emits an actor's changed"
                  + " sessions once each time the watermark advances (coalescing the events in"
                  + " between) and lets the Elasticsearch sink coalesce them per checkpoint; a"
                  + " higher value emits at most once per interval of processing time.");

  public static final ConfigOption<Duration> BINDING_TTL =
      ConfigOptions.key("identity.binding-ttl")
          .durationType()
          .defaultValue(Duration.ofDays(90))
          .withDescription("How long a device stays bound to its last signed-in member.");

  // --- Content join ---------------------------------------------------------------------------
  public static final ConfigOption<Duration> AUTHOR_TTL =
      ConfigOptions.key("content.author-ttl")
          .durationType()
          .defaultValue(Duration.ofDays(90))
          .withDescription("How long the author of a post or reply is remembered (event time).");

  public static final ConfigOption<Duration> RESOLVE_TIMEOUT =
      ConfigOptions.key("content.resolve-timeout")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "How long a reply or reaction waits for its content's author before it counts as"
                  + " unresolved; at least events.allowed-lateness.");

  public static final ConfigOption<Duration> MEMBER_MEMORY =
      ConfigOptions.key("member.memory")
          .durationType()
          .defaultValue(IndicatorSettings.defaults().memberMemory())
          .withDescription(
              "How long a member silent in event time is remembered: first_seen, last_seen and the"
                  + " document's revision. A member silent for longer is forgotten and counts as"
                  + " new when they come back.");

  public static final ConfigOption<Duration> COMMUNITY_REFRESH_INTERVAL =
      ConfigOptions.key("community.refresh-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "The least processing time between two rebuilds of a community's daily documents;"
                  + " 0 rebuilds them at every watermark advance. A rebuild reads only the day"
                  + " totals that changed; the end of a bounded input always rebuilds at once.");

  // --- Indicators (defaults of docs/indicators.md) --------------------------------------------
  public static final ConfigOption<Map<String, String>> ENGAGEMENT_WEIGHTS =
      ConfigOptions.key("indicators.engagement-weights")
          .mapType()
          .defaultValue(Map.of())
          .withDescription(
              "Overrides of engagement_score weights by member-document field, e.g."
                  + " 'posts:5,replies:3'; 0 drops a field. Unlisted fields keep the weights of docs/indicators.md.");

  public static final ConfigOption<Map<String, String>> ADVOCACY_WEIGHTS =
      ConfigOptions.key("indicators.advocacy-weights")
          .mapType()
          .defaultValue(Map.of())
          .withDescription(
              "Overrides of advocacy_score weights by member-document field, e.g."
                  + " 'shares:5,referral_signups:10'. Unlisted fields keep the weights of docs/indicators.md.");

  public static final ConfigOption<Double> ADVOCATE_THRESHOLD =
      ConfigOptions.key("indicators.advocate-threshold")
          .doubleType()
          .defaultValue(IndicatorSettings.defaults().advocateThreshold())
          .withDescription("A member is an advocate when advocacy_score reaches this.");

  public static final ConfigOption<Long> CREATOR_MIN_POSTS_AND_ANSWERS =
      ConfigOptions.key("indicators.creator-min-posts-and-answers")
          .longType()
          .defaultValue(IndicatorSettings.defaults().creatorMinPostsAndAnswers())
          .withDescription("creator: at least this many posts + answers accepted (28 days).");

  public static final ConfigOption<Long> CREATOR_MIN_POSTS_AND_REPLIES =
      ConfigOptions.key("indicators.creator-min-posts-and-replies")
          .longType()
          .defaultValue(IndicatorSettings.defaults().creatorMinPostsAndReplies())
          .withDescription("creator: and at least this many posts + replies (28 days).");

  public static final ConfigOption<Long> CONTRIBUTOR_MIN_ACTIONS =
      ConfigOptions.key("indicators.contributor-min-actions")
          .longType()
          .defaultValue(IndicatorSettings.defaults().contributorMinActions())
          .withDescription("contributor: at least this many posts + replies + reactions + shares.");

  public static final ConfigOption<Long> LURKER_MIN_ACTIVE_DAYS =
      ConfigOptions.key("indicators.lurker-min-active-days")
          .longType()
          .defaultValue(IndicatorSettings.defaults().lurkerMinActiveDays())
          .withDescription("lurker: at least this many active days (28 days).");

  // --- Health index and value quadrant (docs/indicators.md) ----------------------------------
  public static final ConfigOption<Map<String, String>> HEALTH_WEIGHTS =
      ConfigOptions.key("health.weights")
          .mapType()
          .defaultValue(Map.of())
          .withDescription(
              "Overrides of the health index weights by component, e.g. 'stickiness:30,speed:10';"
                  + " components stickiness (25), responsiveness (25), speed (15), reciprocity (15),"
                  + " contribution (20).");

  public static final ConfigOption<Double> HEALTH_FULL_STICKINESS =
      ConfigOptions.key("health.full-stickiness")
          .doubleType()
          .defaultValue(HealthSettings.DEFAULTS.fullStickiness())
          .withDescription("Stickiness at which the stickiness score is full.");

  public static final ConfigOption<Double> HEALTH_FULL_RECIPROCITY =
      ConfigOptions.key("health.full-reciprocity")
          .doubleType()
          .defaultValue(HealthSettings.DEFAULTS.fullReciprocity())
          .withDescription("reciprocity_28d at which the reciprocity score is full.");

  public static final ConfigOption<Double> HEALTH_FULL_CONTRIBUTION =
      ConfigOptions.key("health.full-contribution")
          .doubleType()
          .defaultValue(HealthSettings.DEFAULTS.fullContribution())
          .withDescription(
              "Share of the 28-day active members who are creators or contributors at which the"
                  + " contribution score is full.");

  public static final ConfigOption<Double> HEALTH_FAST_RESPONSE_MINUTES =
      ConfigOptions.key("health.fast-response-minutes")
          .doubleType()
          .defaultValue(HealthSettings.DEFAULTS.fastResponseMinutes())
          .withDescription(
              "median_first_response_minutes_7d at or below which the speed score is full.");

  public static final ConfigOption<Double> HEALTH_SLOW_RESPONSE_MINUTES =
      ConfigOptions.key("health.slow-response-minutes")
          .doubleType()
          .defaultValue(HealthSettings.DEFAULTS.slowResponseMinutes())
          .withDescription(
              "median_first_response_minutes_7d at or above which the speed score is zero.");

  public static final ConfigOption<Double> VALUE_HEALTH_THRESHOLD =
      ConfigOptions.key("value.health-threshold")
          .doubleType()
          .defaultValue(ValueThresholds.DEFAULTS.healthThreshold())
          .withDescription("value_quadrant: a community day is healthy from this health_index.");

  public static final ConfigOption<Double> VALUE_CONVERSIONS_THRESHOLD =
      ConfigOptions.key("value.conversions-threshold")
          .doubleType()
          .defaultValue(ValueThresholds.DEFAULTS.conversionsThreshold())
          .withDescription(
              "value_quadrant: a community day is valuable from this many"
                  + " referral_conversions_28d.");

  public static final ConfigOption<Map<String, String>> VALUE_COMMUNITY_HEALTH_THRESHOLDS =
      ConfigOptions.key("value.community-health-thresholds")
          .mapType()
          .defaultValue(Map.of())
          .withDescription(
              "value.health-threshold for single communities, e.g. 'acme-dev:70,globex-qa:50'.");

  public static final ConfigOption<Map<String, String>> VALUE_COMMUNITY_CONVERSIONS_THRESHOLDS =
      ConfigOptions.key("value.community-conversions-thresholds")
          .mapType()
          .defaultValue(Map.of())
          .withDescription(
              "value.conversions-threshold for single communities, e.g. 'acme-dev:5'.");

  // --- Privacy ------------------------------------------------------------------------------
  public static final ConfigOption<String> MEMBER_ID_HMAC_KEY =
      ConfigOptions.key("privacy.member-id-hmac-key")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "When set, every member id is replaced by its keyed HMAC-SHA256 before anything is"
                  + " stored (docs/operations.md, Privacy). A secret: never logged; may be read from the file named by"
                  + " PULSE_PRIVACY_MEMBER_ID_HMAC_KEY_FILE. Off by default.");

  public static final ConfigOption<List<String>> MEMBER_URL_PATTERNS =
      ConfigOptions.key("privacy.member-url-patterns")
          .stringType()
          .asList()
          .defaultValues(UrlMemberIds.DEFAULT_PATTERNS.toArray(new String[0]))
          .withDescription(
              "With privacy.member-id-hmac-key set: regular expressions (';'-separated) whose first"
                  + " group is a member id inside a page or referrer URL (profile pages, share"
                  + " links); each is replaced by its pseudonym.");

  public static final ConfigOption<Duration> ERASURE_SUPPRESS_FOR =
      ConfigOptions.key("erasure.suppress-for")
          .durationType()
          .defaultValue(Duration.ofDays(30))
          .withDescription(
              "After a member is forgotten, their events are dropped (and counted) for this long"
                  + " after the request, so a late producer or a replay of old input cannot"
                  + " re-create their documents. 0 turns suppression off (docs/privacy.md).");

  public static final ConfigOption<Duration> RETENTION_SESSIONS =
      ConfigOptions.key("retention.sessions")
          .durationType()
          .defaultValue(Duration.ofDays(400))
          .withDescription(
              "Session documents whose start is older than this, in event time before the"
                  + " community's as-of day, are deleted (docs/privacy.md).");

  public static final ConfigOption<Duration> RETENTION_MEMBERS =
      ConfigOptions.key("retention.members")
          .durationType()
          .defaultValue(Duration.ofDays(400))
          .withDescription(
              "Member documents of members silent for longer than this, in event time before the"
                  + " community's as-of day, are deleted (docs/privacy.md).");

  // --- Setup (./pulse setup) ----------------------------------------------------------------
  public static final ConfigOption<Integer> TOPIC_REPLICATION_FACTOR =
      ConfigOptions.key("kafka.topic.replication-factor")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Replication factor of the topics ./pulse setup creates (3 on a production cluster).");

  public static final ConfigOption<String> KIBANA_URL =
      ConfigOptions.key("kibana.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kibana URL for ./pulse setup (data views, dashboards, one space and role per"
                  + " community); Kibana is skipped when unset. Authenticates with"
                  + " elasticsearch.api-key when that is set.");

  public static final ConfigOption<List<String>> TENANCY_COMMUNITIES =
      ConfigOptions.key("tenancy.communities")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "Community ids that get their own filtered aliases, role and Kibana space from"
                  + " ./pulse setup, e.g. acme-dev;globex-qa (separated by ';' or ',').");

  // --- Job ----------------------------------------------------------------------------------
  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("job.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of every operator.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("job.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription(
              "Checkpoint interval; also how long documents take to reach Elasticsearch: the sink"
                  + " writes only what a completed checkpoint covers.");

  /** Every option, for --help and the configuration reference. */
  public static List<ConfigOption<?>> all() {
    return List.of(
        KAFKA_BOOTSTRAP_SERVERS,
        TOPIC_CLICKS,
        TOPIC_POSTS,
        TOPIC_DEAD_LETTER,
        TOPIC_ERASURE,
        TOPIC_PARTITIONS,
        KAFKA_GROUP_ID,
        KAFKA_SECURITY_PROTOCOL,
        KAFKA_SASL_MECHANISM,
        KAFKA_SASL_USERNAME,
        KAFKA_SASL_PASSWORD,
        KAFKA_SSL_TRUSTSTORE,
        ES_URL,
        ES_API_KEY,
        ES_CA_CERTIFICATE,
        ES_INDEX_PREFIX,
        OUT_OF_ORDERNESS,
        IDLE_TIMEOUT,
        ALLOWED_LATENESS,
        DEDUP_WINDOW,
        SESSION_GAP,
        SESSION_MAX_LENGTH,
        SESSION_LIVE_UPDATE_INTERVAL,
        BINDING_TTL,
        AUTHOR_TTL,
        RESOLVE_TIMEOUT,
        COMMUNITY_REFRESH_INTERVAL,
        MEMBER_MEMORY,
        ENGAGEMENT_WEIGHTS,
        ADVOCACY_WEIGHTS,
        ADVOCATE_THRESHOLD,
        CREATOR_MIN_POSTS_AND_ANSWERS,
        CREATOR_MIN_POSTS_AND_REPLIES,
        CONTRIBUTOR_MIN_ACTIONS,
        LURKER_MIN_ACTIVE_DAYS,
        HEALTH_WEIGHTS,
        HEALTH_FULL_STICKINESS,
        HEALTH_FULL_RECIPROCITY,
        HEALTH_FULL_CONTRIBUTION,
        HEALTH_FAST_RESPONSE_MINUTES,
        HEALTH_SLOW_RESPONSE_MINUTES,
        VALUE_HEALTH_THRESHOLD,
        VALUE_CONVERSIONS_THRESHOLD,
        VALUE_COMMUNITY_HEALTH_THRESHOLDS,
        VALUE_COMMUNITY_CONVERSIONS_THRESHOLDS,
        MEMBER_ID_HMAC_KEY,
        MEMBER_URL_PATTERNS,
        ERASURE_SUPPRESS_FOR,
        RETENTION_SESSIONS,
        RETENTION_MEMBERS,
        TOPIC_REPLICATION_FACTOR,
        KIBANA_URL,
        TENANCY_COMMUNITIES,
        PARALLELISM,
        CHECKPOINT_INTERVAL);
  }

  /** Keys whose values are secrets: never printed or logged. */
  public static boolean isSecret(ConfigOption<?> option) {
    return option == ES_API_KEY || option == MEMBER_ID_HMAC_KEY || option == KAFKA_SASL_PASSWORD;
  }
}
