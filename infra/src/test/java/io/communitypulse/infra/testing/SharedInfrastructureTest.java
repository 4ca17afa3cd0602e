package io.communitypulse.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedInfrastructureTest {

  @Test
  void uniqueNamesAreDistinctAndValidTopicAndIndexNames() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      names.add(SharedInfrastructure.uniqueName("Member Events"));
    }

    assertThat(names).hasSize(50);
    assertThat(names).allSatisfy(name -> assertThat(name).matches("member-events-[a-z0-9]+-\\d+"));
  }

  @Test
  void uniqueNamesNeverStartWithWhatIndexNamesForbid() {
    assertThat(SharedInfrastructure.uniqueName("_hidden.Index"))
        .matches("hidden-index-[a-z0-9]+-\\d+");
    assertThat(SharedInfrastructure.uniqueName("***")).matches("t-[a-z0-9]+-\\d+");
  }
}
