package io.communitypulse.sink;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.io.IOException;

/**
 * Sends one bulk request and returns Elasticsearch's answer: in production {@code
 * ElasticsearchClient::bulk}. A seam so unit tests can drive the committer with answers built by
 * the client's own builders; integration tests always use a real node.
 */
@FunctionalInterface
interface BulkSender {
  BulkResponse bulk(BulkRequest request) throws IOException;
}
