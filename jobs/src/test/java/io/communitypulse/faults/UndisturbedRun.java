package io.communitypulse.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents an undisturbed run of the job leaves for an input: what every faulty run of the
 * same input must end with. Computed once per input and JVM, since every case compares to it.
 */
final class UndisturbedRun {

  private static final Map<String, ElasticsearchSnapshot> BY_INPUT = new ConcurrentHashMap<>();

  private UndisturbedRun() {}

  static synchronized ElasticsearchSnapshot of(FaultInput input) throws Exception {
    ElasticsearchSnapshot cached = BY_INPUT.get(input.name);
    if (cached == null) {
      cached = FaultRun.of(input).runToEnd().snapshot();
      BY_INPUT.put(input.name, cached);
    }
    return cached;
  }
}
