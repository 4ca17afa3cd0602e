package io.communitypulse.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Writes {@link DocumentWrite}s to Elasticsearch with bulk requests: whole documents or deletes,
 * each with its external version, so an older state never overwrites a newer one and a replay after
 * a restart changes nothing; and delete or update by query operations, each applied in its place
 * among the writes around it (see {@link ElasticsearchCommitter}). Each writer hands the writes of
 * a checkpoint over as a {@link WriteBatch}, which the {@link ElasticsearchCommitter} sends once
 * that checkpoint has completed, so Elasticsearch only ever reflects completed checkpoints
 * (docs/semantics.md, "Writing to Elasticsearch"; without checkpointing, everything is written at
 * the end of input). Build it with {@link #builder()}; {@link Builder#build()} checks every setting
 * and names the wrong one. {@link Builder#operations} replaces the node with a stand-in (the
 * benchmark counts bulk items with one).
 *
 * <pre>{@code
 * ElasticsearchSink sink = ElasticsearchSink.builder()
 *     .hosts("http://localhost:9200")
 *     .apiKey(config.elasticsearchApiKey().orElse(null))
 *     .rejectedDocumentHandler(deadLetters)
 *     .transform("anonymize-actor", new AnonymizeActor())   // for update-by-query operations
 *     .build();
 * stream.sinkTo(sink).name("elasticsearch").uid("elasticsearch");
 * }</pre>
 */
public final class ElasticsearchSink implements Sink<DocumentWrite>, SupportsCommitter<WriteBatch> {

  private static final long serialVersionUID = 1L;

  /** Null when {@link #operations} stands in for the node. */
  private final ElasticsearchConnection connection;

  /** Null for a real node, reached through {@link #connection}. */
  private final SerializableSupplier<ElasticsearchOperations> operations;

  private final BulkSettings settings;
  private final RejectedDocumentHandler.Factory rejectedHandlerFactory;

  /** An immutable map (serializable, like every transform in it). */
  private final Map<String, DocumentTransform> transforms;

  private ElasticsearchSink(
      ElasticsearchConnection connection,
      SerializableSupplier<ElasticsearchOperations> operations,
      BulkSettings settings,
      RejectedDocumentHandler.Factory rejectedHandlerFactory,
      Map<String, DocumentTransform> transforms) {
    this.connection = connection;
    this.operations = operations;
    this.settings = settings;
    this.rejectedHandlerFactory = rejectedHandlerFactory;
    this.transforms = transforms;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CommittingSinkWriter<DocumentWrite, WriteBatch> createWriter(WriterInitContext context) {
    return new ElasticsearchSinkWriter(context.metricGroup(), context.isObjectReuseEnabled());
  }

  @Override
  public Committer<WriteBatch> createCommitter(CommitterInitContext context) throws IOException {
    RejectedDocumentHandler handler = rejectedHandlerFactory.create(context);
    if (handler == null) {
      throw new IllegalStateException("rejectedDocumentHandler: the factory returned null");
    }
    return new ElasticsearchCommitter(
        settings,
        operations == null
            ? ElasticsearchOperations.of(ElasticsearchClients.create(connection))
            : operations.get(),
        handler,
        new SinkMetrics(context.metricGroup()),
        Sleeper.THREAD_SLEEP,
        transforms);
  }

  @Override
  public SimpleVersionedSerializer<WriteBatch> getCommittableSerializer() {
    return WriteBatchSerializer.INSTANCE;
  }

  /**
   * Where the sink writes (secrets masked in its {@code toString()}); null for a sink built with
   * {@link Builder#operations}.
   */
  public ElasticsearchConnection connection() {
    return connection;
  }

  /** The transforms update-by-query operations may name, by name. */
  public Set<String> transformNames() {
    return new TreeSet<>(transforms.keySet());
  }

  @Override
  public String toString() {
    return "ElasticsearchSink{"
        + (connection == null ? "stand-in operations" : connection)
        + ", "
        + settings
        + ", transforms "
        + transformNames()
        + "}";
  }

  /**
   * Collects the sink's settings; {@link #build()} validates them all. Only {@link #hosts} (or
   * {@link #connection}, or {@link #operations}) is required.
   */
  public static final class Builder {

    private List<String> hosts;
    private String apiKey;
    private String username;
    private String password;
    private ElasticsearchConnection connection;
    private SerializableSupplier<ElasticsearchOperations> operations;
    private int maxBulkActions = BulkSettings.DEFAULT_MAX_BULK_ACTIONS;
    private long maxBulkBytes = BulkSettings.DEFAULT_MAX_BULK_BYTES;
    private Duration initialRetryBackoff = BulkSettings.DEFAULT_INITIAL_RETRY_BACKOFF;
    private Duration maxRetryBackoff = BulkSettings.DEFAULT_MAX_RETRY_BACKOFF;
    private boolean requireAlias = true;
    private RejectedDocumentHandler.Factory rejectedHandlerFactory =
        RejectedDocumentHandler.logging();
    private final Map<String, DocumentTransform> transforms = new LinkedHashMap<>();
    private String duplicateTransform;

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

    /**
     * A stand-in for the node instead of {@link #hosts} or {@link #connection}: every committer
     * sends its requests to operations made by {@code operations} (on the task manager, hence
     * serializable). For a benchmark that counts what Elasticsearch would receive without a node's
     * noise in its figures; tests of the sink itself use a real node.
     */
    public Builder operations(SerializableSupplier<ElasticsearchOperations> operations) {
      this.operations = operations;
      return this;
    }

    /** The most writes in one bulk request (default 1000); a larger batch takes several. */
    public Builder maxBulkActions(int actions) {
      this.maxBulkActions = actions;
      return this;
    }

    /** About the largest bulk request body (default 5 MiB); a larger batch takes several. */
    public Builder maxBulkBytes(long bytes) {
      this.maxBulkBytes = bytes;
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

    /**
     * Registers what update-by-query operations naming {@code name} ({@code "transform": "<name>"}
     * in their body, see {@link DocumentWrite#updateByQuery}) do to each document they match. An
     * operation naming a transform the sink does not know is given up (logged at ERROR, counted in
     * {@code byQueryFailures}). Each name once.
     */
    public Builder transform(String name, DocumentTransform transform) {
      if (transforms.containsKey(name) && duplicateTransform == null) {
        duplicateTransform = name;
      }
      transforms.put(name, transform);
      return this;
    }

    /** Checks every setting; the exception message names the first wrong one. */
    public ElasticsearchSink build() {
      ElasticsearchConnection target = buildConnection();
      check(maxBulkActions > 0, "maxBulkActions must be > 0, got " + maxBulkActions);
      check(maxBulkBytes > 0, "maxBulkBytes must be > 0, got " + maxBulkBytes);
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
      checkTransforms();
      return new ElasticsearchSink(
          target,
          operations,
          new BulkSettings(
              maxBulkActions, maxBulkBytes, initialRetryBackoff, maxRetryBackoff, requireAlias),
          rejectedHandlerFactory,
          Map.copyOf(transforms));
    }

    private ElasticsearchConnection buildConnection() {
      if (operations != null) {
        check(
            connection == null && hosts == null && apiKey == null && username == null,
            "operations: set either operations(...) or a node (hosts, connection), not both");
        return null;
      }
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

    private void checkTransforms() {
      check(
          duplicateTransform == null,
          "transform: '" + duplicateTransform + "' is registered twice; give each its own name");
      transforms.forEach(
          (name, transform) -> {
            check(
                name != null && !name.isBlank(),
                "transform: a transform is registered without a name");
            check(transform != null, "transform '" + name + "' must not be null");
          });
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
