package io.communitypulse.bench;

import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.WireCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The erasure topic of {@code ./pulse bench --erasures N}: N requests, each for the author of a
 * post spread evenly over the input, held back until {@link #RELEASE_AT} of the clicks have been
 * read, so every keyed stage holds nearly all its state when they arrive and scans it, as in a live
 * job. The source waits without blocking its task (a rate limiter whose permit is a future), so its
 * idle watermark still lets the stages' watermarks move while it waits.
 */
final class ReleasedErasures {

  /** The share of the clicks read before the requests are let through. */
  static final double RELEASE_AT = 0.9;

  /**
   * Completed by the clicks' decoder when it reaches {@link #RELEASE_AT}: the permit every request
   * waits for. One run at a time.
   */
  private static final AtomicReference<CompletableFuture<Void>> RELEASE =
      new AtomicReference<>(new CompletableFuture<>());

  private ReleasedErasures() {}

  /** Called before each run. */
  static void reset() {
    RELEASE.set(new CompletableFuture<>());
  }

  static boolean released() {
    return RELEASE.get().isDone();
  }

  /** Called by the clicks' decoder with each index it reads, in order. */
  static void read(int index, int size) {
    if (index == (int) (size * RELEASE_AT)) {
      RELEASE.get().complete(null);
    }
  }

  static DataGeneratorSource<DecodedInput> source(int count) {
    return new DataGeneratorSource<>(
        new Request(count), count, new HeldBack(), TypeInformation.of(DecodedInput.class));
  }

  /**
   * The i-th request: the author of the i-th of {@code count} posts spread over the input. The
   * requests are made when the source opens, so the run pays nothing for them once they flow.
   */
  private static final class Request implements GeneratorFunction<Long, DecodedInput> {
    private final int count;
    private transient ErasureRequest[] requests;

    Request(int count) {
      this.count = count;
    }

    @Override
    public void open(SourceReaderContext context) {
      byte[][] posts = BenchInput.current().posts();
      WireCodec<PostEvent> codec = WireCodec.posts();
      EventValidator validator = new EventValidator(Clock.systemUTC());
      requests = new ErasureRequest[count];
      for (int i = 0; i < count; i++) {
        PostEvent post =
            codec.decode(posts[(int) ((long) i * posts.length / count)], validator).value();
        requests[i] =
            ErasureRequest.newBuilder()
                .setRequestId("bench-" + i)
                .setCommunityId(post.getCommunityId())
                .setMemberId(post.getMemberId())
                .setPseudonymized(false)
                .setRequestedAt(Instant.now())
                .build();
      }
    }

    @Override
    public DecodedInput map(Long i) {
      return DecodedInput.ofErasure(requests[i.intValue()], "erasures", 0, i);
    }
  }

  /** Lets nothing through until the release, then everything. */
  private static final class HeldBack implements RateLimiterStrategy<NumberSequenceSplit> {
    @Override
    public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
      return permits -> RELEASE.get();
    }
  }
}
