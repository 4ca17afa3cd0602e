package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

  private static final String THIRTY_DAYS_MS = Long.toString(Duration.ofDays(30).toMillis());

  @Test
  void shouldListTheFourTopicsWithARetentionOnlyOnTheErasureTopic() {
    Map<String, Map<String, String>> topics = TopicSetup.topics(PulseConfig.defaults());

    assertThat(topics.keySet())
        .containsExactly(
            "pulse.clicks.v1", "pulse.posts.v1", "pulse.deadletter.v1", "pulse.erasure.v1");
    assertThat(topics.get("pulse.clicks.v1")).isEmpty();
    assertThat(topics.get("pulse.deadletter.v1")).isEmpty();
    assertThat(topics.get("pulse.erasure.v1"))
        .containsExactly(Map.entry("retention.ms", THIRTY_DAYS_MS));
  }

  @Test
  void shouldKeepRequestsAsLongAsTheirSuppressionWhenThatIsLonger() {
    Configuration conf = new Configuration();
    conf.set(PulseOptions.ERASURE_SUPPRESS_FOR, Duration.ofDays(90));
    conf.set(PulseOptions.TOPIC_ERASURE, "forget-requests");

    Map<String, Map<String, String>> topics = TopicSetup.topics(PulseConfig.from(conf));

    assertThat(topics.get("forget-requests"))
        .containsEntry("retention.ms", Long.toString(Duration.ofDays(90).toMillis()));
  }

  @Test
  void shouldNeverKeepRequestsShorterThanThirtyDays() {
    Configuration conf = new Configuration();
    conf.set(PulseOptions.ERASURE_SUPPRESS_FOR, Duration.ZERO);

    assertThat(TopicSetup.erasureRetention(PulseConfig.from(conf)))
        .isEqualTo(TopicSetup.ERASURE_RETENTION)
        .isEqualTo(Duration.ofDays(30));
  }

  @Test
  void shouldShowRetentionsInTheirLargestWholeUnit() {
    assertThat(TopicSetup.human(THIRTY_DAYS_MS)).isEqualTo("30 d");
    assertThat(TopicSetup.human(Long.toString(Duration.ofHours(36).toMillis()))).isEqualTo("36 h");
    assertThat(TopicSetup.human("90000")).isEqualTo("90000 ms");
    assertThat(TopicSetup.human("-1")).isEqualTo("unlimited");
  }
}
