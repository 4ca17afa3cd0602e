package io.communitypulse.content;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the content join waits ({@code content.*} options, docs/configuration.md).
 *
 * @param authorTtl how long the author of a piece of content is remembered after its last event
 * @param resolveTimeout how long a reply or reaction waits for its content's author before it
 *     counts as unresolved
 */
public record ContentSettings(Duration authorTtl, Duration resolveTimeout) implements Serializable {

  public ContentSettings {
    if (authorTtl.isNegative() || authorTtl.isZero()) {
      throw new IllegalArgumentException("author TTL must be positive: " + authorTtl);
    }
    if (resolveTimeout.isNegative()) {
      throw new IllegalArgumentException("resolve timeout is negative: " + resolveTimeout);
    }
  }

  public ContentSettings withAuthorTtl(Duration ttl) {
    return new ContentSettings(ttl, resolveTimeout);
  }
}
