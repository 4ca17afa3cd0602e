package io.communitypulse.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback {@link RejectedDocumentHandler}: logs which document Elasticsearch refused and why,
 * without its content, for deployments that have no dead-letter producer wired in.
 */
public final class LoggingRejectedDocumentHandler implements RejectedDocumentHandler {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LoggingRejectedDocumentHandler.class);

  @Override
  public void rejected(DocumentWrite write, String errorType, String reason) {
    LOG.warn(
        "Elasticsearch refused document {}/{} v{} of community {}: {} {}",
        write.index,
        write.id,
        write.version,
        write.communityId,
        errorType,
        BulkItemClassifier.redact(reason));
  }
}
