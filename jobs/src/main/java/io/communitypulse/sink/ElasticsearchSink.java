package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link DocumentWrite}s to Elasticsearch with bulk requests: whole documents or deletes,
 * each with its external version, so an older state never overwrites a newer one and a replay after
 * a restart changes nothing (exactly-once in effect).
 *
 * <p>Build it with {@link #builder()}; {@link Builder#build()} checks every setting and names the
 * wrong one. Each parallel writer owns its client and its {@link RejectedDocumentHandler},
 * coalesces writes per document, flushes by count, bytes, time and at every checkpoint, and retries
 * what Elasticsearch could not take yet with back-off (see {@link ElasticsearchSinkWriter}).
 *
 * <pre>{@code
 * ElasticsearchSink sink = ElasticsearchSink.builder()
 *     .hosts("http://localhost:9200")
 *     .apiKey(config.elasticsearchApiKey().orElse(null))
 *     .rejectedDocumentHandler(deadLetters)
 *     .build();
 * stream.sinkTo(sink).name("elasticsearch").uid("elasticsearch");
 * }</pre>
 */
public final class ElasticsearchSink implements Sink<DocumentWrite> {

  private static final long serialVersionUID = 1L;

  private final ElasticsearchConnection connection;
  private final BulkSettings settings;
  private final RejectedDocumentHandler.Factory rejectedHandlerFactory;

  private ElasticsearchSink(
      ElasticsearchConnection connection,
      BulkSettings settings,
      RejectedDocumentHandler.Factory rejectedHandlerFactory) {
    this.connection = connection;
    this.settings = settings;
    this.rejectedHandlerFactory = rejectedHandlerFactory;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public SinkWriter<DocumentWrite> createWriter(WriterInitContext context) throws IOException {
    RejectedDocumentHandler handler = rejectedHandlerFactory.create(context);
    if (handler == null) {
      throw new IllegalStateException("rejectedDocumentHandler: the factory returned null");
    }
    ElasticsearchClient client = ElasticsearchClients.create(connection);
    return new ElasticsearchSinkWriter(
        settings,
        client::bulk,
        client,
        handler,
        context.getProcessingTimeService(),
        context.metricGroup(),
        context.isObjectReuseEnabled(),
        Sleeper.THREAD_SLEEP);
  }

  /** Where the sink writes (secrets masked in its {@code toString()}). */
  public ElasticsearchConnection connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "ElasticsearchSink{" + connection + ", " + settings + "}";
  }

  /**
   * Collects the sink's settings; {@link #build()} validates them all. Only {@link #hosts} (or
   * {@link #connection}) is required.
   */
  public static final class Builder {

    private List<String> hosts;
    private String apiKey;
    private String username;
    private String password;
    private ElasticsearchConnection connection;
    private int maxBufferedDocuments = BulkSettings.DEFAULT_MAX_BUFFERED_DOCUMENTS;
    private long maxBufferedBytes = BulkSettings.DEFAULT_MAX_BUFFERED_BYTES;
    private Duration flushInterval = BulkSettings.DEFAULT_FLUSH_INTERVAL;
    private Duration initialRetryBackoff = BulkSettings.DEFAULT_INITIAL_RETRY_BACKOFF;
    private Duration maxRetryBackoff = BulkSettings.DEFAULT_MAX_RETRY_BACKOFF;
    private boolean requireAlias = true;
    private RejectedDocumentHandler.Factory rejectedHandlerFactory =
        RejectedDocumentHandler.logging();

    private Builder() {}

    /** One or more Elasticsearch URLs, e.g. {@code http://localhost:9200}. */
    public Builder hosts(String... urls) {
      this.hosts = urls == null ? null : Arrays.asList(urls.clone());
      return this;
    }

    /** An encoded API key; null or blank means none. Never logged. */
    public Builder apiKey(String encodedApiKey) {
      this.apiKey = encodedApiKey;
      return this;
    }

    /** Basic authentication. Never logged. */
    public Builder basicAuth(String user, String pass) {
      this.username = user;
      this.password = pass;
      return this;
    }

    /** Hosts and credentials in one object, instead of {@link #hosts} and the auth setters. */
    public Builder connection(ElasticsearchConnection connection) {
      this.connection = connection;
      return this;
    }

    /** A bulk request is sent when this many distinct documents are buffered (default 1000). */
    public Builder maxBufferedDocuments(int documents) {
      this.maxBufferedDocuments = documents;
      return this;
    }

    /** A bulk request is sent when the buffered writes reach this size (default 5 MiB). */
    public Builder maxBufferedBytes(long bytes) {
      this.maxBufferedBytes = bytes;
      return this;
    }

    /** The longest a write waits in the buffer before it is sent (default 1 s). */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = interval;
      return this;
    }

    /** The first back-off after retryable failures (default 100 ms); it doubles per attempt. */
    public Builder initialRetryBackoff(Duration backoff) {
      this.initialRetryBackoff = backoff;
      return this;
    }

    /** The longest back-off between attempts (default 30 s). */
    public Builder maxRetryBackoff(Duration backoff) {
      this.maxRetryBackoff = backoff;
      return this;
    }

    /**
     * Whether every index operation must target an alias (default true), so a write to a missing
     * alias fails the job with a clear message instead of auto-creating an index with guessed
     * mappings. Turn it off only to write to concrete indices.
     */
    public Builder requireAlias(boolean requireAlias) {
      this.requireAlias = requireAlias;
      return this;
    }

    /** Where documents Elasticsearch refuses go (default: a WARN log line per document). */
    public Builder rejectedDocumentHandler(RejectedDocumentHandler.Factory factory) {
      this.rejectedHandlerFactory = factory;
      return this;
    }

    /** Checks every setting; the exception message names the first wrong one. */
    public ElasticsearchSink build() {
      ElasticsearchConnection target = buildConnection();
      check(
          maxBufferedDocuments > 0,
          "maxBufferedDocuments must be > 0, got " + maxBufferedDocuments);
      check(maxBufferedBytes > 0, "maxBufferedBytes must be > 0, got " + maxBufferedBytes);
      checkPositive(flushInterval, "flushInterval");
      checkPositive(initialRetryBackoff, "initialRetryBackoff");
      checkPositive(maxRetryBackoff, "maxRetryBackoff");
      check(
          maxRetryBackoff.compareTo(initialRetryBackoff) >= 0,
          "maxRetryBackoff ("
              + maxRetryBackoff
              + ") must not be shorter than initialRetryBackoff ("
              + initialRetryBackoff
              + ")");
      check(rejectedHandlerFactory != null, "rejectedDocumentHandler must not be null");
      return new ElasticsearchSink(
          target,
          new BulkSettings(
              maxBufferedDocuments,
              maxBufferedBytes,
              flushInterval,
              initialRetryBackoff,
              maxRetryBackoff,
              requireAlias),
          rejectedHandlerFactory);
    }

    private ElasticsearchConnection buildConnection() {
      if (connection != null) {
        check(
            hosts == null && apiKey == null && username == null,
            "connection: set either connection(...) or hosts(...) and credentials, not both");
        return connection;
      }
      check(hosts != null && !hosts.isEmpty(), "hosts must be set, e.g. http://localhost:9200");
      ElasticsearchConnection target = ElasticsearchConnection.of(hosts);
      if (apiKey != null && !apiKey.isBlank()) {
        check(username == null, "apiKey and basicAuth are exclusive: set only one");
        target = target.withApiKey(apiKey);
      }
      if (username != null || password != null) {
        target = target.withBasicAuth(username, password);
      }
      return target;
    }

    private static void checkPositive(Duration value, String setting) {
      check(value != null, setting + " must be set");
      check(!value.isNegative() && !value.isZero(), setting + " must be > 0, got " + value);
    }

    private static void check(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
