package io.communitypulse.config;

import io.communitypulse.community.CommunitySettings;
import io.communitypulse.community.HealthSettings;
import io.communitypulse.community.ValueThresholds;
import io.communitypulse.content.ContentSettings;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.ingest.EventTimeSettings;
import io.communitypulse.session.SessionSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated, immutable configuration of Community Pulse, one record per concern. Built once
 * from a Flink {@link Configuration} (see {@link ConfigSources}); each stage of the job takes the
 * record of its concern. {@link #toString()} never shows secrets.
 *
 * <p>Defaults live in {@link PulseOptions}; those of the scoring model (weights, thresholds, the
 * health constants) live in their settings classes, which {@link PulseOptions} reads them from.
 */
public record PulseConfig(
    KafkaSettings kafka,
    ElasticsearchSettings elasticsearch,
    EventTimeSettings eventTime,
    SessionSettings sessions,
    ContentSettings content,
    IndicatorSettings indicators,
    CommunitySettings communities,
    PrivacySettings privacy,
    JobSettings job,
    SetupSettings setup) {

  /** The defaults alone (no Kafka or Elasticsearch address). */
  public static PulseConfig defaults() {
    return from(new Configuration());
  }

  /** Parses and validates; a wrong value fails with a message naming its key. */
  public static PulseConfig from(Configuration conf) {
    rejectUnknownKeys(conf);
    try {
      return new PulseConfig(
          KafkaSettings.from(conf),
          ElasticsearchSettings.from(conf),
          eventTime(conf),
          sessions(conf),
          content(conf),
          indicators(conf),
          communities(conf),
          PrivacySettings.from(conf),
          JobSettings.from(conf),
          SetupSettings.from(conf));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
  }

  /** When signals stop reaching a day, and when its community figures are final. */
  public SignalHorizon signalHorizon() {
    return SignalHorizon.of(sessions, eventTime);
  }

  /** A copy pointing at other infrastructure (used when ./pulse starts its own). */
  public PulseConfig withInfrastructure(String kafkaServers, String elasticsearchUrl) {
    return new PulseConfig(
        kafka.withBootstrapServers(kafkaServers),
        elasticsearch.withUrl(elasticsearchUrl),
        eventTime,
        sessions,
        content,
        indicators,
        communities,
        privacy,
        job,
        setup);
  }

  private static EventTimeSettings eventTime(Configuration conf) {
    return new EventTimeSettings(
        OptionValues.notNegative(conf, PulseOptions.OUT_OF_ORDERNESS),
        OptionValues.positive(conf, PulseOptions.IDLE_TIMEOUT),
        OptionValues.notNegative(conf, PulseOptions.ALLOWED_LATENESS),
        OptionValues.positive(conf, PulseOptions.DEDUP_WINDOW));
  }

  private static SessionSettings sessions(Configuration conf) {
    var gap = OptionValues.positive(conf, PulseOptions.SESSION_GAP);
    var maxLength = OptionValues.positive(conf, PulseOptions.SESSION_MAX_LENGTH);
    if (maxLength.compareTo(gap) < 0) {
      throw new InvalidConfigException(
          PulseOptions.SESSION_MAX_LENGTH.key() + " must not be shorter than session.gap");
    }
    return new SessionSettings(
        gap,
        maxLength,
        OptionValues.notNegative(conf, PulseOptions.SESSION_LIVE_UPDATE_INTERVAL),
        OptionValues.positive(conf, PulseOptions.BINDING_TTL));
  }

  private static ContentSettings content(Configuration conf) {
    var resolveTimeout = conf.get(PulseOptions.RESOLVE_TIMEOUT);
    if (resolveTimeout.compareTo(conf.get(PulseOptions.ALLOWED_LATENESS)) < 0) {
      // A post may legitimately arrive up to the allowed lateness after a reply to it.
      throw new InvalidConfigException(
          PulseOptions.RESOLVE_TIMEOUT.key() + " must be at least events.allowed-lateness");
    }
    return new ContentSettings(
        OptionValues.positive(conf, PulseOptions.AUTHOR_TTL), resolveTimeout);
  }

  private static IndicatorSettings indicators(Configuration conf) {
    IndicatorSettings settings =
        IndicatorSettings.defaults()
            .withAdvocateThreshold(conf.get(PulseOptions.ADVOCATE_THRESHOLD))
            .withCreatorMinPostsAndAnswers(conf.get(PulseOptions.CREATOR_MIN_POSTS_AND_ANSWERS))
            .withCreatorMinPostsAndReplies(conf.get(PulseOptions.CREATOR_MIN_POSTS_AND_REPLIES))
            .withContributorMinActions(conf.get(PulseOptions.CONTRIBUTOR_MIN_ACTIONS))
            .withLurkerMinActiveDays(conf.get(PulseOptions.LURKER_MIN_ACTIVE_DAYS))
            .withMemberMemory(OptionValues.positive(conf, PulseOptions.MEMBER_MEMORY));
    for (Map.Entry<String, String> e : conf.get(PulseOptions.ENGAGEMENT_WEIGHTS).entrySet()) {
      settings =
          settings.withEngagementWeight(
              field(PulseOptions.ENGAGEMENT_WEIGHTS, e.getKey()),
              OptionValues.number(PulseOptions.ENGAGEMENT_WEIGHTS, e.getValue()));
    }
    for (Map.Entry<String, String> e : conf.get(PulseOptions.ADVOCACY_WEIGHTS).entrySet()) {
      settings =
          settings.withAdvocacyWeight(
              field(PulseOptions.ADVOCACY_WEIGHTS, e.getKey()),
              OptionValues.number(PulseOptions.ADVOCACY_WEIGHTS, e.getValue()));
    }
    return settings;
  }

  private static CommunitySettings communities(Configuration conf) {
    return new CommunitySettings(
        OptionValues.notNegative(conf, PulseOptions.COMMUNITY_REFRESH_INTERVAL),
        health(conf),
        valueThresholds(conf));
  }

  private static HealthSettings health(Configuration conf) {
    Map<String, Double> weights = new HashMap<>();
    conf.get(PulseOptions.HEALTH_WEIGHTS)
        .forEach(
            (k, v) -> weights.put(k.trim(), OptionValues.number(PulseOptions.HEALTH_WEIGHTS, v)));
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
    conf.get(option)
        .forEach((community, v) -> values.put(community.trim(), OptionValues.number(option, v)));
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

  private static void rejectUnknownKeys(Configuration conf) {
    Set<String> known =
        PulseOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
    for (String key : conf.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidConfigException("unknown setting '" + key + "'");
      }
    }
  }
}
