package io.communitypulse.sink;

import java.time.Duration;

/**
 * Blocks the committer's task thread for a back-off delay. Blocking is deliberate: while the
 * committer waits, Flink's network buffers fill and upstream operators are back-pressured, so
 * nothing has to be buffered without bound or dropped. Tests substitute a recording sleeper instead
 * of waiting.
 */
@FunctionalInterface
interface Sleeper {

  Sleeper THREAD_SLEEP = delay -> Thread.sleep(delay.toMillis());

  void sleep(Duration delay) throws InterruptedException;
}
