package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.indices.RefreshRequest;
import co.elastic.clients.elasticsearch.indices.RefreshResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;

/**
 * Every request the sink's committer sends to Elasticsearch, in the client's own request and
 * response types: in production {@link #of(ElasticsearchClient)}, elsewhere a stand-in. It is the
 * one seam between the sink and the node, so unit tests can drive the committer with answers built
 * by the client's builders and the benchmark can count requests without a node's noise; integration
 * tests always use a real node. Implementations throw what the client throws: {@link IOException}
 * when the request failed, {@code ElasticsearchException} when Elasticsearch refused it as a whole.
 */
public interface ElasticsearchOperations extends Closeable {

  BulkResponse bulk(BulkRequest request) throws IOException;

  RefreshResponse refresh(RefreshRequest request) throws IOException;

  /** A search whose hits' sources (when fetched) are JSON trees. */
  SearchResponse<ObjectNode> search(SearchRequest request) throws IOException;

  /** The operations of {@code client}; closing them closes the client. */
  static ElasticsearchOperations of(ElasticsearchClient client) {
    return new ElasticsearchOperations() {
      @Override
      public BulkResponse bulk(BulkRequest request) throws IOException {
        return client.bulk(request);
      }

      @Override
      public RefreshResponse refresh(RefreshRequest request) throws IOException {
        return client.indices().refresh(request);
      }

      @Override
      public SearchResponse<ObjectNode> search(SearchRequest request) throws IOException {
        return client.search(request, ObjectNode.class);
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }
}
