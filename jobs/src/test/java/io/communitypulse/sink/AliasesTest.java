package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AliasesTest {

  @Test
  void aPrefixIsPrependedAsIs() {
    assertThat(Aliases.prefixed("t123-", Aliases.SESSIONS)).isEqualTo("t123-pulse-sessions");
    assertThat(Aliases.concreteIndex("t123-", Aliases.MEMBERS)).isEqualTo("t123-pulse-members-v1");
    assertThat(Aliases.prefixed("", Aliases.COMMUNITIES)).isEqualTo("pulse-communities");
    assertThat(Aliases.prefixed(null, Aliases.COMMUNITIES)).isEqualTo("pulse-communities");
  }

  @Test
  void refusesAPrefixElasticsearchWouldRefuse() {
    assertThatThrownBy(() -> Aliases.prefixed("T1-", Aliases.SESSIONS))
        .hasMessageContaining("index prefix 'T1-'");
    assertThatThrownBy(() -> Aliases.prefixed("_t1", Aliases.SESSIONS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Aliases.prefixed("a*b", Aliases.SESSIONS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
