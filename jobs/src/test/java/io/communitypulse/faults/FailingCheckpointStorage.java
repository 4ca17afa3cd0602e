package io.communitypulse.faults;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageFactory;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;

/**
 * Flink's default checkpoint storage, except that once, in a checkpoint after the first one, the
 * first state stream opened by an asynchronous snapshot thread ({@code AsyncOperations-*}) throws.
 * That is the asynchronous phase of a checkpoint failing (a full disk, an unreachable object store)
 * after the synchronous phase succeeded. Chosen by class name through {@code
 * execution.checkpointing.storage}, so the job code is untouched.
 */
public final class FailingCheckpointStorage implements CheckpointStorage {

  private static final long serialVersionUID = 1L;

  /** Set once the failure was thrown; names the thread that threw it. */
  static final AtomicReference<String> FAILED_IN_THREAD = new AtomicReference<>();

  private static final AtomicBoolean ARMED = new AtomicBoolean();

  private final CheckpointStorage delegate;

  private FailingCheckpointStorage(CheckpointStorage delegate) {
    this.delegate = delegate;
  }

  /** Lets the next run fail once. */
  static void arm() {
    FAILED_IN_THREAD.set(null);
    ARMED.set(true);
  }

  @Override
  public CompletedCheckpointStorageLocation resolveCheckpoint(String pointer) throws IOException {
    return delegate.resolveCheckpoint(pointer);
  }

  @Override
  public CheckpointStorageAccess createCheckpointStorage(JobID jobId) throws IOException {
    CheckpointStorageAccess access = delegate.createCheckpointStorage(jobId);
    return proxy(
        CheckpointStorageAccess.class,
        access,
        (method, args, result) -> {
          if (method.getName().equals("resolveCheckpointStorageLocation")) {
            long checkpointId = (Long) args[0];
            return failingStreams((CheckpointStreamFactory) result, checkpointId);
          }
          return result;
        });
  }

  private static CheckpointStreamFactory failingStreams(
      CheckpointStreamFactory streams, long checkpointId) {
    return proxy(
        CheckpointStreamFactory.class,
        streams,
        (method, args, result) -> result,
        method -> {
          String thread = Thread.currentThread().getName();
          if (method.getName().equals("createCheckpointStateOutputStream")
              && checkpointId >= 2
              && thread.startsWith("AsyncOperations")
              && ARMED.compareAndSet(true, false)) {
            FAILED_IN_THREAD.set(thread);
            throw new IOException(
                "injected failure in the asynchronous phase of checkpoint " + checkpointId);
          }
        });
  }

  private interface After {
    Object apply(Method method, Object[] args, Object result) throws IOException;
  }

  private interface Before {
    void check(Method method) throws IOException;
  }

  private static <T> T proxy(Class<T> type, T target, After after) {
    return proxy(type, target, after, method -> {});
  }

  private static <T> T proxy(Class<T> type, T target, After after, Before before) {
    InvocationHandler handler =
        (self, method, args) -> {
          before.check(method);
          try {
            return after.apply(method, args, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** Named by {@code execution.checkpointing.storage}. */
  public static final class Factory implements CheckpointStorageFactory<FailingCheckpointStorage> {
    @Override
    public FailingCheckpointStorage createFromConfig(ReadableConfig config, ClassLoader loader)
        throws IllegalConfigurationException {
      return new FailingCheckpointStorage(
          JobManagerCheckpointStorage.createFromConfig(config, loader));
    }
  }
}
