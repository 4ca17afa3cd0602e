package io.communitypulse.sink;

import static io.communitypulse.sink.BulkItemClassifier.Outcome.MISSING_INDEX;
import static io.communitypulse.sink.BulkItemClassifier.Outcome.REJECTED;
import static io.communitypulse.sink.BulkItemClassifier.Outcome.RETRY;
import static io.communitypulse.sink.BulkItemClassifier.Outcome.STALE;
import static io.communitypulse.sink.BulkItemClassifier.Outcome.WRITTEN;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BulkItemClassifierTest {

  private static final String INDEX = "pulse-sessions";

  @Test
  void aSuccessfulItemIsWritten() {
    assertThat(BulkItemClassifier.classify(BulkAnswers.ok(INDEX, "s1"))).isEqualTo(WRITTEN);
  }

  @Test
  void aDeleteThatFoundNothingIsWritten() {
    assertThat(BulkItemClassifier.classify(BulkAnswers.deletedNothing(INDEX, "s1")))
        .isEqualTo(WRITTEN);
  }

  @Test
  void aVersionConflictMeansANewerStateIsThere() {
    assertThat(BulkItemClassifier.classify(BulkAnswers.versionConflict(INDEX, "s1")))
        .isEqualTo(STALE);
  }

  @Test
  void tooManyRequestsAndServerErrorsAreRetried() {
    assertThat(BulkItemClassifier.classify(BulkAnswers.tooManyRequests(INDEX, "s1")))
        .isEqualTo(RETRY);
    assertThat(BulkItemClassifier.classify(BulkAnswers.unavailable(INDEX, "s1"))).isEqualTo(RETRY);
    assertThat(
            BulkItemClassifier.classify(
                BulkAnswers.failed(INDEX, "s1", 500, "exception", "internal error")))
        .isEqualTo(RETRY);
    assertThat(
            BulkItemClassifier.classify(
                BulkAnswers.failed(INDEX, "s1", 408, "timeout_exception", "timed out")))
        .isEqualTo(RETRY);
  }

  @Test
  void aDocumentRefusedForItsContentIsRejected() {
    assertThat(BulkItemClassifier.classify(BulkAnswers.mappingError(INDEX, "s1")))
        .isEqualTo(REJECTED);
    assertThat(
            BulkItemClassifier.classify(
                BulkAnswers.failed(
                    INDEX,
                    "s1",
                    400,
                    "strict_dynamic_mapping_exception",
                    "mapping set to strict, dynamic introduction of [x] within [_doc] is not"
                        + " allowed")))
        .isEqualTo(REJECTED);
  }

  @Test
  void aMissingAliasIsAConfigurationError() {
    assertThat(
            BulkItemClassifier.classify(
                BulkAnswers.failed(
                    INDEX, "s1", 404, "index_not_found_exception", "no such index [pulse-x]")))
        .isEqualTo(MISSING_INDEX);
  }

  @Test
  void connectionFailuresAndTimeoutsOfTheWholeRequestAreRetryable() {
    assertThat(BulkItemClassifier.isRetryable(new ConnectException("Connection refused"))).isTrue();
    assertThat(BulkItemClassifier.isRetryable(new SocketTimeoutException("Read timed out")))
        .isTrue();
    assertThat(BulkItemClassifier.isRetryable(new IOException("Connection reset"))).isTrue();
  }

  @Test
  void wholeRequestAnswersAreRetryableOnlyFor408And429And5xx() {
    assertThat(BulkItemClassifier.isRetryable(requestFailure(503))).isTrue();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(502))).isTrue();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(429))).isTrue();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(408))).isTrue();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(401))).isFalse();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(403))).isFalse();
    assertThat(BulkItemClassifier.isRetryable(requestFailure(413))).isFalse();
    assertThat(BulkItemClassifier.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void redactionDropsTheQuotedValueOfTheDocument() {
    String reason = BulkAnswers.mappingError(INDEX, "s1").error().reason();

    String redacted = BulkItemClassifier.redact(reason);

    assertThat(redacted)
        .contains("failed to parse field [events] of type [long]")
        .doesNotContain("secret-content");
    assertThat(BulkItemClassifier.redact("x".repeat(1000))).hasSizeLessThan(310);
    assertThat(BulkItemClassifier.redact(null)).isEmpty();
  }

  static ElasticsearchException requestFailure(int status) {
    return new ElasticsearchException(
        "es/bulk",
        ErrorResponse.of(r -> r.status(status).error(e -> e.type("some_exception").reason("x"))));
  }
}
