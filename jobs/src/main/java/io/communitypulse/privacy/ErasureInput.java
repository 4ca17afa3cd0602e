package io.communitypulse.privacy;

import io.communitypulse.events.ErasureRequest;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.InputScreen;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The decoded erasure topic: each valid request becomes an {@link Erasure}; a request that could
 * not be read or does not match the job's pseudonymisation goes to the dead-letter topic with its
 * reason (the deserializer decided which).
 */
public final class ErasureInput extends ProcessFunction<DecodedInput, Erasure> {

  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(DecodedInput input, Context ctx, Collector<Erasure> out) {
    if (input.isDeadLetter()) {
      ctx.output(InputScreen.DEAD_LETTERS, input.deadLetter);
      return;
    }
    ErasureRequest request = input.erasure;
    if (request == null) {
      return; // not an erasure topic record: nothing to forget
    }
    out.collect(
        Erasure.of(
            request.getRequestId(),
            request.getCommunityId(),
            request.getMemberId(),
            request.getRequestedAt().toEpochMilli()));
  }
}
