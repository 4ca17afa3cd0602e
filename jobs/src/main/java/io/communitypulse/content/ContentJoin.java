package io.communitypulse.content;

import io.communitypulse.state.BulkTypeInfo;
import java.util.Iterator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content join (docs/semantics.md, "The content join"), keyed by {@link ContentRef#key()}:
 * resolves who receives each REPLY, REACTION, ACCEPTED_ANSWER and MENTION, emitting its {@link
 * Credit} once the target is known, and finds each POST's first response, sent to {@link
 * #FIRST_RESPONSES} whenever it is found or becomes earlier. A reference still unresolved when the
 * watermark passes its time plus the resolve timeout is counted and sent to {@link #UNRESOLVED}; an
 * author is kept for the author TTL, and a key's state and timer are cleared as soon as it has
 * neither an author nor waiting references.
 */
public class ContentJoin extends KeyedProcessFunction<String, ContentRef, Credit> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ContentJoin.class);

  /** References whose content's author never became known in time; they credit nobody. */
  public static final OutputTag<ContentRef> UNRESOLVED =
      new OutputTag<>("content-unresolved", TypeInformation.of(ContentRef.class));

  /** Each POST's first response, again whenever an earlier one is found. */
  public static final OutputTag<FirstResponse> FIRST_RESPONSES =
      new OutputTag<>("content-first-responses", TypeInformation.of(FirstResponse.class));

  private final long authorTtlMillis;
  private final long resolveTimeoutMillis;

  private transient ValueState<ContentBook> book;
  private transient Counter unresolved;
  private transient Counter conflictingAuthors;

  /** With the defaults: authors kept 90 days, references wait 1 h for their author. */
  public ContentJoin(ContentSettings settings) {
    this.authorTtlMillis = settings.authorTtl().toMillis();
    this.resolveTimeoutMillis = settings.resolveTimeout().toMillis();
  }

  /** References dropped unresolved so far by this instance; for tests. */
  long unresolvedReferences() {
    return unresolved.getCount();
  }

  static ValueStateDescriptor<ContentBook> bookDescriptor() {
    return new ValueStateDescriptor<>("content-book", BulkTypeInfo.of(ContentBook.class));
  }

  @Override
  public void open(OpenContext openContext) {
    book = getRuntimeContext().getState(bookDescriptor());
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("content");
    unresolved = metrics.counter("unresolvedReferences");
    conflictingAuthors = metrics.counter("conflictingAuthors");
  }

  @Override
  public void processElement(ContentRef ref, Context ctx, Collector<Credit> out) throws Exception {
    ContentBook b = book.value();
    if (b == null) {
      b = new ContentBook();
      b.communityId = ref.communityId;
      b.contentId = ref.contentId;
    }
    if (ref.role == ContentRole.AUTHORED) {
      authored(b, ref, ctx, out);
    } else {
      referred(b, ref, ctx, out);
    }
    settle(b, ctx);
  }

  private void authored(ContentBook b, ContentRef ref, Context ctx, Collector<Credit> out) {
    if (b.hasAuthor()) {
      if (!ref.eventId.equals(b.authoredEventId)) {
        conflictingAuthors.inc();
        LOG.debug("Ignoring {}: {} was already created by {}", ref, ref.key(), b.authorId);
      }
      return;
    }
    b.authorId = ref.memberId;
    b.authoredEventId = ref.eventId;
    b.authoredAt = ref.occurredAt;
    b.post = ref.post;
    b.authorExpiresAt = ref.occurredAt + authorTtlMillis;
    long earliestReply = ContentBook.NONE;
    for (ContentRef waiting : b.pending) {
      if (waiting.targetMemberId == null) {
        out.collect(Credit.of(waiting, b.authorId));
      }
      if (answers(b, waiting)
          && (earliestReply == ContentBook.NONE || waiting.occurredAt < earliestReply)) {
        earliestReply = waiting.occurredAt;
      }
    }
    b.pending.clear();
    if (earliestReply != ContentBook.NONE) {
      firstResponse(b, earliestReply, ctx);
    }
  }

  private void referred(ContentBook b, ContentRef ref, Context ctx, Collector<Credit> out) {
    if (ref.role == ContentRole.MENTION && ref.targetMemberId == null) {
      // A mention without a target credits nobody (docs/producing-events.md, "The content join");
      // routing does not send one anyway.
      return;
    }
    if (ref.targetMemberId != null) {
      out.collect(Credit.of(ref, ref.targetMemberId));
    } else if (b.hasAuthor()) {
      out.collect(Credit.of(ref, b.authorId));
    }
    if (b.hasAuthor()) {
      if (answers(b, ref)
          && (b.firstReplyAt == ContentBook.NONE || ref.occurredAt < b.firstReplyAt)) {
        firstResponse(b, ref.occurredAt, ctx);
      }
    } else if (ref.targetMemberId == null || ref.role == ContentRole.REPLY_TO) {
      // Owes its credit, or may be the first response once we know who wrote the post.
      b.pending.add(ref);
    }
  }

  /** Whether {@code ref} is a reply by another member to a POST whose author is known. */
  private static boolean answers(ContentBook b, ContentRef ref) {
    return b.post && ref.role == ContentRole.REPLY_TO && !ref.memberId.equals(b.authorId);
  }

  private static void firstResponse(ContentBook b, long replyAt, Context ctx) {
    b.firstReplyAt = replyAt;
    ctx.output(
        FIRST_RESPONSES,
        new FirstResponse(b.communityId, b.contentId, b.authoredEventId, b.authoredAt, replyAt));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Credit> out) throws Exception {
    ContentBook b = book.value();
    if (b == null) {
      return;
    }
    if (timestamp == b.timer) {
      b.timer = ContentBook.NONE;
    }
    long watermark = ctx.timerService().currentWatermark();
    for (Iterator<ContentRef> it = b.pending.iterator(); it.hasNext(); ) {
      ContentRef waiting = it.next();
      if (giveUpAt(waiting) <= watermark) {
        it.remove();
        if (waiting.targetMemberId == null) {
          unresolved.inc();
          LOG.debug(
              "No author of {} within the resolve timeout: {} credits nobody",
              waiting.key(),
              waiting);
          ctx.output(UNRESOLVED, waiting);
        }
      }
    }
    if (b.hasAuthor() && b.authorExpiresAt <= watermark) {
      b.forgetAuthor();
    }
    settle(b, ctx);
  }

  /**
   * The watermark at which a waiting reference gives up: once it passes the reference's time plus
   * the timeout, a creating event dated no later than the reference would be late.
   */
  private long giveUpAt(ContentRef ref) {
    return ref.occurredAt + resolveTimeoutMillis + 1;
  }

  /** Registers the next expiry, or clears the key when nothing is left. */
  private void settle(ContentBook b, Context ctx) throws Exception {
    long next = b.hasAuthor() ? b.authorExpiresAt : Long.MAX_VALUE;
    for (ContentRef waiting : b.pending) {
      next = Math.min(next, giveUpAt(waiting));
    }
    if (next == Long.MAX_VALUE) {
      next = ContentBook.NONE;
    }
    if (next != b.timer) {
      if (b.timer != ContentBook.NONE) {
        ctx.timerService().deleteEventTimeTimer(b.timer);
      }
      if (next != ContentBook.NONE) {
        ctx.timerService().registerEventTimeTimer(next);
      }
      b.timer = next;
    }
    if (next == ContentBook.NONE) {
      book.clear();
    } else {
      book.update(b);
    }
  }
}
