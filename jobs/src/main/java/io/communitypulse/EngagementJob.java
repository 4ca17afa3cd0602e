package io.communitypulse;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.identity.ClickStitcher;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.DuplicateAndLateFilter;
import io.communitypulse.ingest.EventSources;
import io.communitypulse.ingest.IngestWatermarks;
import io.communitypulse.ingest.InputScreen;
import io.communitypulse.session.Session;
import io.communitypulse.session.SessionAssembler;
import io.communitypulse.session.SessionDocuments;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The engagement job: ingest → identity → sessions → Elasticsearch, plus the dead-letter path.
 *
 * <p>It receives its sources and sinks, so tests run exactly this pipeline on in-memory input and
 * collecting sinks, while {@code ./pulse} wires Kafka and Elasticsearch. Every operator has a
 * stable uid so savepoints survive upgrades.
 */
public final class EngagementJob {

  private final PulseConfig config;
  private final EventSources sources;
  private final Sink<DocumentWrite> documents;
  private final Sink<DeadLetter> deadLetters;

  public EngagementJob(
      PulseConfig config,
      EventSources sources,
      Sink<DocumentWrite> documents,
      Sink<DeadLetter> deadLetters) {
    this.config = config;
    this.sources = sources;
    this.documents = documents;
    this.deadLetters = deadLetters;
  }

  /** Adds the pipeline to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    WatermarkStrategy<DecodedInput> watermarks =
        IngestWatermarks.strategy(config.outOfOrderness(), config.idleTimeout());

    SingleOutputStreamOperator<DecodedInput> clicks =
        sources
            .clicks(env, watermarks)
            .process(new InputScreen(config.outOfOrderness(), config.allowedLateness()))
            .name("screen-clicks")
            .uid("screen-clicks");
    SingleOutputStreamOperator<DecodedInput> posts =
        sources
            .posts(env, watermarks)
            .process(new InputScreen(config.outOfOrderness(), config.allowedLateness()))
            .name("screen-posts")
            .uid("screen-posts");

    SingleOutputStreamOperator<DecodedInput> accepted =
        clicks
            .union(posts)
            .keyBy(DuplicateAndLateFilter.EVENT_KEY)
            .process(new DuplicateAndLateFilter(config.allowedLateness(), config.dedupWindow()))
            .name("drop-duplicates-and-late")
            .uid("drop-duplicates-and-late");

    DataStream<ActivityEvent> stitchedClicks =
        accepted
            .filter(input -> input.click != null)
            .name("only-clicks")
            .uid("only-clicks")
            .map(input -> input.click)
            .name("click-events")
            .uid("click-events")
            .keyBy(new ClickStitcher.DeviceKey())
            .process(
                new ClickStitcher(
                    config.sessionGap(),
                    config.sessionMaxLength(),
                    config.allowedLateness(),
                    config.bindingTtl()))
            .name("stitch-identity")
            .uid("stitch-identity");

    DataStream<ActivityEvent> postActivity =
        accepted
            .filter(input -> input.post != null)
            .name("only-posts")
            .uid("only-posts")
            .map(input -> ActivityEvents.fromPost(input.post))
            .name("post-activity")
            .uid("post-activity");

    DataStream<Session> sessions =
        stitchedClicks
            .union(postActivity)
            .keyBy(ActivityEvent::actorKey)
            .process(
                new SessionAssembler(
                    config.sessionGap(),
                    config.sessionMaxLength(),
                    config.stitchedEventLateness(),
                    config.liveUpdateInterval()))
            .name("assemble-sessions")
            .uid("assemble-sessions");

    String sessionsAlias = Aliases.prefixed(config.indexPrefix(), Aliases.SESSIONS);
    sessions
        .map(new SessionDocuments(sessionsAlias))
        .name("session-documents")
        .uid("session-documents")
        .sinkTo(documents)
        .name("elasticsearch")
        .uid("elasticsearch");

    clicks
        .getSideOutput(InputScreen.DEAD_LETTERS)
        .union(
            posts.getSideOutput(InputScreen.DEAD_LETTERS),
            accepted.getSideOutput(InputScreen.DEAD_LETTERS))
        .sinkTo(deadLetters)
        .name("dead-letters")
        .uid("dead-letters");
  }
}
