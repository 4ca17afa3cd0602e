package io.communitypulse;

import io.communitypulse.community.CommunityDelta;
import io.communitypulse.community.CommunityDeltaCombiner;
import io.communitypulse.community.CommunityIndicators;
import io.communitypulse.community.ReplyPairs;
import io.communitypulse.community.SessionReferrals;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.content.ContentErasure;
import io.communitypulse.content.ContentJoin;
import io.communitypulse.content.ContentRef;
import io.communitypulse.content.ContentRouting;
import io.communitypulse.content.Credit;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.identity.ClickStitcher;
import io.communitypulse.identity.StitcherErasure;
import io.communitypulse.indicators.ActivitySignals;
import io.communitypulse.indicators.CreditSignals;
import io.communitypulse.indicators.MemberIndicators;
import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.indicators.SessionSignals;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.ingest.DecodedInput;
import io.communitypulse.ingest.DuplicateAndLateFilter;
import io.communitypulse.ingest.ErasedEvents;
import io.communitypulse.ingest.EventSources;
import io.communitypulse.ingest.IngestWatermarks;
import io.communitypulse.ingest.InputScreen;
import io.communitypulse.ingest.MemberIdPseudonymizer;
import io.communitypulse.privacy.DocumentErasure;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ErasureInput;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.Retention;
import io.communitypulse.session.Session;
import io.communitypulse.session.SessionAssembler;
import io.communitypulse.session.SessionChange;
import io.communitypulse.session.SessionChanges;
import io.communitypulse.session.SessionChangesErasure;
import io.communitypulse.session.SessionDocuments;
import io.communitypulse.session.SessionErasure;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.state.BulkTypeInfo;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The engagement job: ingest → identity → sessions → member and community indicators →
 * Elasticsearch, plus the dead-letter path.
 *
 * <p>It receives its sources and sinks, so tests run exactly this pipeline on in-memory input and
 * collecting sinks, while {@code ./pulse} wires Kafka and Elasticsearch. Every operator has a
 * stable uid so savepoints survive upgrades.
 */
public final class EngagementJob {

  /**
   * The type of every {@code community_id/...} key: written in one bulk call wherever state or a
   * timer holds it, instead of a call per character ({@link BulkTypeInfo}).
   */
  private static final BulkTypeInfo<String> KEY_TYPE = BulkTypeInfo.STRING;

  private final PulseConfig config;
  private final EventSources sources;
  private final Sink<DocumentWrite> documents;
  private final Sink<DeadLetter> deadLetters;

  /** Erasure requests, broadcast to every stage that keeps something about members. */
  private BroadcastStream<Erasure> erasures;

  private MemberReferences references;

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
    WatermarkStrategy<DecodedInput> watermarks = IngestWatermarks.strategy(config.eventTime());
    SingleOutputStreamOperator<DecodedInput> clicks =
        screen(sources.clicks(env, watermarks), "clicks");
    SingleOutputStreamOperator<DecodedInput> posts =
        screen(sources.posts(env, watermarks), "posts");
    references = new MemberReferences(config.privacy().memberUrlIds());
    SingleOutputStreamOperator<Erasure> erasureRequests =
        sources
            .erasures(env)
            .process(new ErasureInput())
            .name("erasure-requests")
            .uid("erasure-requests");
    erasures = erasureRequests.broadcast(ErasedMembers.DESCRIPTOR);
    SingleOutputStreamOperator<DecodedInput> accepted =
        pseudonymize(clicks, "clicks")
            .union(pseudonymize(posts, "posts"))
            .keyBy(DuplicateAndLateFilter.EVENT_KEY)
            .connect(erasures)
            .process(
                new ForgettingStage<>(
                    new DuplicateAndLateFilter(config.eventTime()),
                    new ErasedEvents(references),
                    suppressFor()),
                TypeInformation.of(DecodedInput.class))
            .name("drop-duplicates-and-late")
            // v2: hashed ids under integer keys; the string-keyed state of v1 does not restore.
            .uid("drop-duplicates-and-late-v2");
    DataStream<PostEvent> acceptedPosts =
        accepted
            .filter(input -> input.post != null)
            .name("only-posts")
            .uid("only-posts")
            .map(input -> input.post)
            .name("post-events")
            .uid("post-events");

    DataStream<ActivityEvent> activity = identity(accepted, acceptedPosts);
    DataStream<Session> sessions = sessions(activity);
    DataStream<DocumentWrite> sessionDocuments =
        sessions
            .map(
                new SessionDocuments(
                    config.elasticsearch().alias(Aliases.SESSIONS),
                    new DocumentErasure(config.privacy().memberUrlIds())))
            .name("session-documents")
            .uid("session-documents");
    DataStream<DocumentWrite> indicatorDocuments = indicators(acceptedPosts, activity, sessions);

    sessionDocuments
        .union(indicatorDocuments)
        .sinkTo(documents)
        .name("elasticsearch")
        .uid("elasticsearch");

    clicks
        .getSideOutput(InputScreen.DEAD_LETTERS)
        .union(
            posts.getSideOutput(InputScreen.DEAD_LETTERS),
            accepted.getSideOutput(InputScreen.DEAD_LETTERS),
            erasureRequests.getSideOutput(InputScreen.DEAD_LETTERS))
        .sinkTo(deadLetters)
        .name("dead-letters")
        .uid("dead-letters");
  }

  private Duration suppressFor() {
    return config.privacy().suppressFor();
  }

  /** Ingest: dead letters and partition-late events leave here, right after the source. */
  private SingleOutputStreamOperator<DecodedInput> screen(
      DataStream<DecodedInput> input, String topic) {
    return input
        .process(new InputScreen(config.eventTime()))
        .name("screen-" + topic)
        .uid("screen-" + topic);
  }

  /**
   * Privacy: member ids are pseudonymised before any state or document sees them. One step per
   * source, chained to it, so the events cross no extra network hop on the way to the dedup stage.
   */
  private DataStream<DecodedInput> pseudonymize(DataStream<DecodedInput> input, String topic) {
    MapFunction<DecodedInput, DecodedInput> pseudonymizer =
        config
            .privacy()
            .memberIdHmacKey()
            .<MapFunction<DecodedInput, DecodedInput>>map(
                key -> new MemberIdPseudonymizer(key, config.privacy().memberUrlIds()))
            .orElseGet(MemberIdPseudonymizer::off);
    return input
        .map(pseudonymizer)
        .returns(DecodedInput.class)
        .name("pseudonymize-" + topic)
        .uid("pseudonymize-" + topic);
  }

  /** Identity: clicks stitched to members (or visitors), and posts, as one activity stream. */
  private DataStream<ActivityEvent> identity(
      DataStream<DecodedInput> accepted, DataStream<PostEvent> posts) {
    DataStream<ActivityEvent> stitchedClicks =
        accepted
            .filter(input -> input.click != null)
            .name("only-clicks")
            .uid("only-clicks")
            .map(input -> input.click)
            .name("click-events")
            .uid("click-events")
            .keyBy(new ClickStitcher.DeviceKey(), KEY_TYPE)
            .connect(erasures)
            .process(
                new ForgettingStage<>(
                    new ClickStitcher(config.sessions(), config.eventTime().allowedLateness()),
                    new StitcherErasure(references),
                    suppressFor()),
                TypeInformation.of(ActivityEvent.class))
            .name("stitch-identity")
            .uid("stitch-identity");
    DataStream<ActivityEvent> postActivity =
        posts.map(ActivityEvents::fromPost).name("post-activity").uid("post-activity");
    return stitchedClicks.union(postActivity);
  }

  /** Sessions: one actor's clicks and posts, cut by the gap and the maximum length. */
  private DataStream<Session> sessions(DataStream<ActivityEvent> activity) {
    return activity
        .keyBy(ActivityEvent::actorKey, KEY_TYPE)
        .connect(erasures)
        .process(
            new ForgettingStage<>(
                new SessionAssembler(
                    config.sessions(), config.sessions().stitchedEventLateness(config.eventTime())),
                new SessionErasure(references),
                suppressFor()),
            TypeInformation.of(Session.class))
        .name("assemble-sessions")
        .uid("assemble-sessions");
  }

  /** The local phase of the community aggregation, chained to the stage that emits the deltas. */
  private static DataStream<CommunityDelta> combined(
      DataStream<CommunityDelta> deltas, String from) {
    return deltas
        .transform(
            "combine-community-deltas-" + from,
            TypeInformation.of(CommunityDelta.class),
            new CommunityDeltaCombiner())
        .uid("combine-community-deltas-" + from);
  }

  /**
   * Indicators: own events, credits from the content join and session contributions become signals
   * per member (rolled into member documents and into each member's share of the community days),
   * summed into daily community documents. Returns both kinds of documents.
   */
  private DataStream<DocumentWrite> indicators(
      DataStream<PostEvent> posts,
      DataStream<ActivityEvent> activity,
      DataStream<Session> sessions) {
    Long asOfAtEnd = sources.asOfAtEnd().map(LocalDate::toEpochDay).orElse(null);
    Duration sessionRetention =
        config.sessions().gap().plus(config.sessions().stitchedEventLateness(config.eventTime()));
    SignalHorizon horizon = config.signalHorizon();

    SingleOutputStreamOperator<Credit> credits =
        posts
            .flatMap(new ContentRouting())
            .name("route-content")
            .uid("route-content")
            .keyBy(ContentRef::key, KEY_TYPE)
            .connect(erasures)
            .process(
                new ForgettingStage<>(
                    new ContentJoin(config.content()), new ContentErasure(), suppressFor()),
                TypeInformation.of(Credit.class))
            .name("join-content-authors")
            .uid("join-content-authors");
    DataStream<MemberSignal> creditSignals =
        credits.flatMap(new CreditSignals()).name("credit-signals").uid("credit-signals");
    DataStream<MemberSignal> ownAndCredited =
        activity
            .flatMap(new ActivitySignals())
            .name("own-event-signals")
            .uid("own-event-signals")
            .union(creditSignals);
    DataStream<SessionChange> sessionChanges =
        sessions
            .keyBy(SessionChanges::actorKey, KEY_TYPE)
            .connect(erasures)
            .process(
                new ForgettingStage<>(
                    new SessionChanges(sessionRetention),
                    new SessionChangesErasure(references),
                    suppressFor()),
                TypeInformation.of(SessionChange.class))
            .name("session-changes")
            .uid("session-changes");
    DataStream<MemberSignal> sessionSignals =
        sessionChanges.flatMap(new SessionSignals()).name("session-signals").uid("session-signals");
    SingleOutputStreamOperator<DocumentWrite> memberDocuments =
        ownAndCredited
            .union(sessionSignals)
            .keyBy(MemberSignal::key, KEY_TYPE)
            .connect(erasures)
            .process(
                ForgettingStage.of(
                    new MemberIndicators(
                        config.elasticsearch().alias(Aliases.MEMBERS),
                        config.indicators(),
                        horizon,
                        asOfAtEnd),
                    suppressFor()),
                TypeInformation.of(DocumentWrite.class))
            .name("member-indicators")
            // v3: 56 days of tallies for the growth figures (docs/deployment.md).
            .uid("member-indicators-v3");

    // Two-phase community figures: each distinct fact is decided under its own key (members and
    // visitors above, reply pairs here), summed locally per (community, day), then added up per
    // community. No operator keeps a community's members together.
    DataStream<CommunityDelta> memberDeltas =
        combined(memberDocuments.getSideOutput(MemberIndicators.COMMUNITY_DELTAS), "members");
    DataStream<CommunityDelta> pairDeltas =
        combined(
            // Replies come only from credits: filtered where they are made, chained to the join.
            creditSignals
                .filter(ReplyPairs::isReplyToAnother)
                .name("replies-to-others")
                .uid("replies-to-others")
                .keyBy(new ReplyPairs.PairKey(), KEY_TYPE)
                .connect(erasures)
                .process(
                    ForgettingStage.of(new ReplyPairs(horizon), suppressFor()),
                    TypeInformation.of(CommunityDelta.class))
                .name("reply-pairs")
                .uid("reply-pairs"),
            "reply-pairs");
    DataStream<CommunityDelta> communityDeltas =
        memberDeltas.union(
            pairDeltas,
            credits
                .getSideOutput(ContentJoin.FIRST_RESPONSES)
                .map(CommunityDelta::firstResponse)
                .name("community-first-responses")
                .uid("community-first-responses"),
            sessionChanges
                .flatMap(new SessionReferrals())
                .name("community-referrals")
                .uid("community-referrals"));
    SingleOutputStreamOperator<DocumentWrite> communityDocuments =
        communityDeltas
            .keyBy(CommunityDelta::key, KEY_TYPE)
            .process(
                new CommunityIndicators(
                    config.elasticsearch().alias(Aliases.COMMUNITIES),
                    config.communities(),
                    horizon,
                    new Retention(
                        config.elasticsearch().alias(Aliases.SESSIONS),
                        config.elasticsearch().alias(Aliases.MEMBERS),
                        config.privacy().sessionRetention(),
                        config.privacy().memberRetention()),
                    asOfAtEnd))
            .name("community-indicators")
            // v3: growth, value and 7-day response counters (docs/deployment.md).
            .uid("community-indicators-v3");
    return memberDocuments.union(
        communityDocuments, communityDocuments.getSideOutput(CommunityIndicators.RETENTION));
  }
}
