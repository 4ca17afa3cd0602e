package io.communitypulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupSettingsTest {

  private static PulseConfig load(Map<String, String> env, Map<String, String> explicit)
      throws Exception {
    return PulseConfig.from(ConfigSources.load(null, env, explicit));
  }

  @Test
  void communitiesComeAsACommaOrSemicolonListWithoutRepeats() throws Exception {
    PulseConfig config =
        load(Map.of("PULSE_TENANCY_COMMUNITIES", "acme, globex;acme;initech"), Map.of());

    assertThat(config.setup().communities()).containsExactly("acme", "globex", "initech");
  }

  @Test
  void byDefaultNoCommunitiesNoKibanaAndReplicationOne() throws Exception {
    SetupSettings setup = PulseConfig.defaults().setup();

    assertThat(setup.communities()).isEmpty();
    assertThat(setup.kibanaUrl()).isEmpty();
    assertThat(setup.topicReplicationFactor()).isEqualTo((short) 1);
  }

  @Test
  void anInvalidCommunityIdIsNamed() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("tenancy.communities", "acme,Big Corp")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("tenancy.communities: 'Big Corp' is not a community id");
  }

  @Test
  void aReplicationFactorBelowOneIsRefused() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.topic.replication-factor", "0")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("kafka.topic.replication-factor");
  }
}
