package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalElasticsearchTest {

  @Test
  void reportsTheFirstErrorOfTheLogRatherThanAStackFrame() {
    List<String> tail =
        List.of(
            "[2026-11-25T18:12:55,248][INFO ][o.e.b.Elasticsearch] version[9.3.2]",
            "java.lang.RuntimeException: starting java failed with [1]",
            "\tat org.elasticsearch.cli.Command.mainWithoutErrorHandling(Command.java:101)",
            "Error occurred during initialization of VM");

    assertThat(LocalElasticsearch.notableLine(tail))
        .isEqualTo("java.lang.RuntimeException: starting java failed with [1]");
  }

  @Test
  void fallsBackToTheLastLineWhenNothingLooksLikeAnError() {
    assertThat(LocalElasticsearch.notableLine(List.of("starting", "still starting", "")))
        .isEqualTo("still starting");
  }

  @Test
  void refusesPortsOutsideTheValidRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalElasticsearch(70000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
