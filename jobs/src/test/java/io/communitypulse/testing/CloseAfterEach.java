package io.communitypulse.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that closes what a test opened, after each test and in reverse order, so tests
 * that open several operator harnesses need no list and no {@code @AfterEach} of their own. Use it
 * as a {@code @RegisterExtension} field and pass each harness through {@link #add}.
 */
public final class CloseAfterEach implements AfterEachCallback {

  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  /** Closes {@code resource} after the current test; returns it. */
  public <T extends AutoCloseable> T add(T resource) {
    open.push(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
