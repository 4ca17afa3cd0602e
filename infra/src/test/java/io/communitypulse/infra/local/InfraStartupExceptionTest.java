package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfraStartupExceptionTest {

  @Test
  void kafkaFailureNamesTheRootCauseOnOneLine() {
    Exception cause =
        new IllegalStateException("wrapper", new java.io.IOException("disk full\nsecond line"));

    InfraStartupException e = InfraStartupException.kafkaFailed(cause);

    assertThat(e.getMessage())
        .isEqualTo("The local Kafka broker failed to start: IOException: disk full second line");
    assertThat(e.getCause()).isSameAs(cause);
  }

  @Test
  void unhealthyNodeMessagePointsAtItsLog() {
    InfraStartupException e =
        InfraStartupException.elasticsearchNotHealthy(
            "http://127.0.0.1:9250",
            Duration.ofSeconds(90),
            Path.of("/tmp/run/logs/console.log"),
            "[ERROR] something");

    assertThat(e.getMessage())
        .isEqualTo(
            "Elasticsearch at http://127.0.0.1:9250 did not become healthy within 90 s;"
                + " see /tmp/run/logs/console.log (first error: [ERROR] something)");
  }

  @Test
  void busyPortSaysWhichPort() {
    assertThat(InfraStartupException.portBusy("Elasticsearch HTTP", 9200).getMessage())
        .startsWith("Elasticsearch HTTP port 9200 on 127.0.0.1 is already in use");
  }
}
