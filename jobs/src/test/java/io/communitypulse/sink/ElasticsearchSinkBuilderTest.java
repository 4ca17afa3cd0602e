package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.function.SerializableSupplier;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkBuilderTest {

  private static final String URL = "http://localhost:9200";

  @Test
  void buildsWithOnlyTheHosts() {
    ElasticsearchSink sink = ElasticsearchSink.builder().hosts(URL).build();

    assertThat(sink.connection().hosts()).containsExactly(URL);
    assertThat(sink.toString())
        .contains("maxBulkActions=1000")
        .contains("maxBulkBytes=5242880")
        .contains("initialRetryBackoff=PT0.1S")
        .contains("maxRetryBackoff=PT30S");
  }

  @Test
  void namesMissingHosts() {
    assertThatThrownBy(() -> ElasticsearchSink.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hosts must be set");
  }

  @Test
  void namesAHostThatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts("localhost:9200").build())
        .hasMessageContaining("hosts: 'localhost:9200' must start with http:// or https://");
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts("http://").build())
        .hasMessageStartingWith("hosts:");
  }

  @Test
  void refusesCredentialsInTheUrl() {
    assertThatThrownBy(
            () -> ElasticsearchSink.builder().hosts("http://elastic:changeme@es:9200").build())
        .hasMessageContaining("hosts: put credentials")
        .hasMessageNotContaining("changeme");
  }

  @Test
  void namesEveryWrongBatchingSetting() {
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts(URL).maxBulkActions(0).build())
        .hasMessage("maxBulkActions must be > 0, got 0");
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts(URL).maxBulkBytes(-1).build())
        .hasMessage("maxBulkBytes must be > 0, got -1");
  }

  @Test
  void namesAWrongBackOff() {
    assertThatThrownBy(
            () ->
                ElasticsearchSink.builder()
                    .hosts(URL)
                    .initialRetryBackoff(Duration.ofMillis(-5))
                    .build())
        .hasMessageStartingWith("initialRetryBackoff must be > 0");
    assertThatThrownBy(
            () ->
                ElasticsearchSink.builder()
                    .hosts(URL)
                    .initialRetryBackoff(Duration.ofSeconds(5))
                    .maxRetryBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessage("maxRetryBackoff (PT1S) must not be shorter than initialRetryBackoff (PT5S)");
  }

  @Test
  void namesAMissingRejectedDocumentHandler() {
    assertThatThrownBy(
            () -> ElasticsearchSink.builder().hosts(URL).rejectedDocumentHandler(null).build())
        .hasMessage("rejectedDocumentHandler must not be null");
  }

  @Test
  void refusesTwoKindsOfCredentials() {
    assertThatThrownBy(
            () ->
                ElasticsearchSink.builder()
                    .hosts(URL)
                    .apiKey("a2V5")
                    .basicAuth("elastic", "pw")
                    .build())
        .hasMessageContaining("apiKey and basicAuth are exclusive");
    assertThatThrownBy(
            () ->
                ElasticsearchSink.builder()
                    .hosts(URL)
                    .connection(ElasticsearchConnection.of(URL))
                    .build())
        .hasMessageStartingWith("connection: set either");
  }

  @Test
  void operationsStandInForTheNodeAndExcludeOne() throws Exception {
    // The builder only keeps the supplier; no committer is made here, so it is never called.
    SerializableSupplier<ElasticsearchOperations> never = () -> null;
    ElasticsearchSink standIn = ElasticsearchSink.builder().operations(never).build();

    assertThat(standIn.connection()).isNull();
    assertThat(standIn.toString()).contains("stand-in operations");
    assertThat(InstantiationUtil.clone(standIn)).isNotNull();
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts(URL).operations(never).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("operations: set either operations(...) or a node");
  }

  @Test
  void neverShowsASecret() {
    ElasticsearchSink withKey = ElasticsearchSink.builder().hosts(URL).apiKey("s3cr3t-key").build();
    ElasticsearchSink withPassword =
        ElasticsearchSink.builder().hosts(URL).basicAuth("elastic", "s3cr3t-pw").build();

    assertThat(withKey.toString()).doesNotContain("s3cr3t").contains("api-key ***");
    assertThat(withPassword.toString()).doesNotContain("s3cr3t").contains("basic-auth ***");
  }

  @Test
  void aBlankApiKeyMeansNoAuthentication() {
    ElasticsearchSink sink = ElasticsearchSink.builder().hosts(URL).apiKey(" ").build();

    assertThat(sink.toString()).contains("auth=none");
  }

  @Test
  void registersTransformsByName() {
    ElasticsearchSink sink =
        ElasticsearchSink.builder()
            .hosts(URL)
            .transform(ForgetActor.NAME, new ForgetActor())
            .transform("keep", (document, params) -> document)
            .build();

    assertThat(sink.transformNames()).containsExactly(ForgetActor.NAME, "keep");
    assertThat(ElasticsearchSink.builder().hosts(URL).build().transformNames()).isEmpty();
  }

  @Test
  void namesAWrongTransform() {
    assertThatThrownBy(
            () ->
                ElasticsearchSink.builder()
                    .hosts(URL)
                    .transform("forget", new ForgetActor())
                    .transform("forget", new ForgetActor())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transform: 'forget' is registered twice; give each its own name");
    assertThatThrownBy(
            () -> ElasticsearchSink.builder().hosts(URL).transform(" ", new ForgetActor()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("transform: a transform is registered without a name");
    assertThatThrownBy(() -> ElasticsearchSink.builder().hosts(URL).transform("x", null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transform 'x' must not be null");
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ElasticsearchSink sink =
        ElasticsearchSink.builder()
            .hosts(URL)
            .apiKey("key")
            .rejectedDocumentHandler(context -> new LoggingRejectedDocumentHandler())
            .transform(ForgetActor.NAME, new ForgetActor())
            .build();

    ElasticsearchSink copy =
        InstantiationUtil.deserializeObject(
            InstantiationUtil.serializeObject(sink), getClass().getClassLoader());

    assertThat(copy.connection()).isEqualTo(sink.connection());
    assertThat(copy.toString()).isEqualTo(sink.toString());
    assertThat(copy.transformNames()).containsExactly(ForgetActor.NAME);
  }
}
