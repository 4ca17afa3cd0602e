package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.sink.Aliases;
import org.junit.jupiter.api.Test;

class TenantTest {

  @Test
  void namesEverythingAfterTheCommunity() {
    Tenant acme = new Tenant("acme-dev");

    assertThat(acme.alias("", Aliases.SESSIONS)).isEqualTo("pulse-sessions.acme-dev");
    assertThat(acme.alias("t1-", Aliases.MEMBERS)).isEqualTo("t1-pulse-members.acme-dev");
    assertThat(acme.roleName("")).isEqualTo("pulse-community-acme-dev");
    assertThat(acme.spaceId()).isEqualTo("community-acme-dev");
  }

  @Test
  void aCommunityNamedLikeAnIndexGenerationDoesNotCollideWithTheConcreteIndex() {
    Tenant v1 = new Tenant("v1");

    assertThat(v1.alias("", Aliases.SESSIONS))
        .isNotEqualTo(Aliases.concreteIndex("", Aliases.SESSIONS));
  }

  @Test
  void refusesWhatIsNotACommunityId() {
    assertThatThrownBy(() -> new Tenant("Acme Corp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Acme Corp'");
    assertThatThrownBy(() -> new Tenant("../x")).isInstanceOf(IllegalArgumentException.class);
  }
}
