package io.communitypulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlMemberIdsTest {

  private final UrlMemberIds defaults = new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS);

  @Test
  void replacesEveryMemberIdTheDefaultConventionsFind() {
    assertThat(defaults.rewrite("/users/alice/posts?member=bob&uid=carol", id -> "#" + id.length()))
        .isEqualTo("/users/#5/posts?member=#3&uid=#5");
  }

  @Test
  void leavesOtherPathsAndParametersAlone() {
    assertThat(defaults.rewrite("/t/how-to-ref?utm_source=user", id -> "X"))
        .isEqualTo("/t/how-to-ref?utm_source=user");
    assertThat(defaults.rewrite("", id -> "X")).isEmpty();
  }

  @Test
  void aSiteSpecificPatternNeedsAGroupAndMustCompile() {
    UrlMemberIds site = new UrlMemberIds(List.of("/people/([0-9]+)"));
    assertThat(site.rewrite("/people/123/about", id -> "p")).isEqualTo("/people/p/about");

    assertThatThrownBy(() -> new UrlMemberIds(List.of("/people/[0-9]+")))
        .hasMessageContaining("no capturing group");
    assertThatThrownBy(() -> new UrlMemberIds(List.of("/people/(")))
        .hasMessageContaining("not a regular expression");
  }
}
