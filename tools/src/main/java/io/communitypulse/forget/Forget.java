package io.communitypulse.forget;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.Preflight;
import io.communitypulse.runtime.UnreachableInfrastructureException;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What {@code ./pulse forget} does for a list of members: count in Elasticsearch what names each
 * one ({@link DocumentCounter}), send one {@link ErasureRequest} per member to the erasure topic
 * (wire format, key {@code community_id/member_id}), then, unless told not to, count again every
 * {@link #POLL_INTERVAL} until the member document, the member's sessions and the other sessions
 * naming them are gone, or the timeout passes. The job does the forgetting; this only asks and
 * watches.
 *
 * <p>Kafka and Elasticsearch are both checked before anything is sent, so a failure there sends
 * nothing. A timeout takes nothing back: the requests stay in the topic and the job processes them
 * whenever it runs.
 */
public final class Forget {

  /** Between two counts while waiting: about the refresh interval of the pulse indices. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private static final long KAFKA_TIMEOUT_SECONDS = 15;

  private static final String COUNT_FAILED = "cannot count the documents that name a member";

  private final PulseConfig config;
  private final ErasureRequests requests;
  private final PrintStream progress;

  /**
   * @param config names a reachable Kafka and Elasticsearch, the topic and the pseudonymisation
   * @param progress where to say what is happening (stderr on the command line)
   */
  public Forget(PulseConfig config, Clock clock, PrintStream progress) {
    this.config = config;
    this.requests = new ErasureRequests(config, clock);
    this.progress = progress;
  }

  /** How one member's request went. */
  public enum Status {
    /** Nothing named the member before the request; the job purges its state all the same. */
    NOTHING_FOUND,
    /** Sent; not waited for ({@code --no-wait}). */
    SENT,
    /** Every document that named the member is gone. */
    FORGOTTEN,
    /** Some document still named the member when the wait ended. */
    TIMED_OUT
  }

  /**
   * One member's request and what Elasticsearch held before and, when waited for, after.
   *
   * @param remaining what still named the member at the end of the wait; {@link MemberTraces#NONE}
   *     when forgotten, {@code found} when not waited for
   */
  public record Outcome(
      MemberRef member,
      ErasureRequest request,
      MemberTraces found,
      MemberTraces remaining,
      Status status) {

    /** The report line of this member. */
    public String report(String topic, Duration timeout) {
      String id = " (request " + request.getRequestId() + ")";
      MemberTraces f = found;
      return switch (status) {
        case NOTHING_FOUND ->
            member
                + ": no document names this member; request sent so the job's state is purged"
                + " too"
                + id;
        case SENT ->
            "sent "
                + member
                + ": member document "
                + f.memberDocuments()
                + ", sessions "
                + f.sessions()
                + ", "
                + f.referringSessions()
                + " other sessions name this member; the job deletes and scrubs them when it"
                + " reads the request"
                + id;
        case FORGOTTEN ->
            "forgot "
                + member
                + ": member document "
                + f.memberDocuments()
                + ", sessions "
                + f.sessions()
                + " deleted, "
                + f.referringSessions()
                + " other sessions scrubbed"
                + id;
        case TIMED_OUT ->
            member
                + ": NOT forgotten within "
                + TimeUtils.formatWithHighestUnit(timeout)
                + ": still member document "
                + remaining.memberDocuments()
                + " of "
                + f.memberDocuments()
                + ", sessions "
                + remaining.sessions()
                + " of "
                + f.sessions()
                + ", other sessions naming them "
                + remaining.referringSessions()
                + " of "
                + f.referringSessions()
                + "; the request stays in "
                + topic
                + " and the job processes it when it runs"
                + id;
      };
    }
  }

  /**
   * Forgets {@code members}: counts, sends, and waits up to {@code wait} unless it is empty.
   *
   * @return one outcome per member, in the given order
   * @throws UnreachableInfrastructureException when Kafka or Elasticsearch fails (one line); when
   *     it happens before the requests are sent, none is sent
   * @throws IOException when the Elasticsearch client cannot be closed
   */
  public List<Outcome> run(List<MemberRef> members, Optional<Duration> wait) throws IOException {
    String topic = config.kafka().erasureTopic();
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {
      DocumentCounter counter = new DocumentCounter(es, config.elasticsearch().indexPrefix());
      checkTopic(topic);
      List<ErasureRequest> made = new ArrayList<>();
      List<MemberTraces> found = new ArrayList<>();
      for (MemberRef member : members) {
        ErasureRequest request = requests.of(member);
        made.add(request);
        MemberTraces traces = count(counter, request.getMemberId(), member, COUNT_FAILED);
        found.add(traces);
        if (requests.pseudonymized() && traces.none()) {
          warnIfStoredRaw(counter, member);
        }
      }
      send(topic, made);
      progress.println(
          "forget: sent "
              + made.size()
              + (made.size() == 1 ? " request" : " requests")
              + " to "
              + topic
              + (requests.pseudonymized()
                  ? " (member ids as their pseudonyms: privacy.member-id-hmac-key is set)"
                  : ""));
      List<MemberTraces> remaining = new ArrayList<>(found);
      wait.ifPresent(timeout -> awaitGone(counter, members, made, remaining, timeout));
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        MemberTraces before = found.get(i);
        Status status;
        if (before.none()) {
          status = Status.NOTHING_FOUND;
        } else if (wait.isEmpty()) {
          status = Status.SENT;
        } else {
          status = remaining.get(i).none() ? Status.FORGOTTEN : Status.TIMED_OUT;
        }
        outcomes.add(new Outcome(members.get(i), made.get(i), before, remaining.get(i), status));
      }
      return outcomes;
    }
  }

  /**
   * Counts again what names each member whose {@code remaining} is not yet {@link
   * MemberTraces#none()}, every {@link #POLL_INTERVAL}, until nothing remains or {@code timeout}
   * has passed; {@code remaining} holds the last counts.
   */
  private void awaitGone(
      DocumentCounter counter,
      List<MemberRef> members,
      List<ErasureRequest> made,
      List<MemberTraces> remaining,
      Duration timeout) {
    long pending = remaining.stream().filter(t -> !t.none()).count();
    if (pending == 0) {
      return;
    }
    progress.println(
        "forget: waiting up to "
            + TimeUtils.formatWithHighestUnit(timeout)
            + " until the job has removed what names "
            + (pending == 1 ? "this member" : "these " + pending + " members")
            + " from Elasticsearch (Ctrl-C stops waiting; the requests stay)");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean gone = true;
      for (int i = 0; i < made.size(); i++) {
        if (remaining.get(i).none()) {
          continue;
        }
        MemberTraces now =
            count(
                counter,
                made.get(i).getMemberId(),
                members.get(i),
                COUNT_FAILED
                    + " while waiting (the requests were sent and stay in "
                    + config.kafka().erasureTopic()
                    + ")");
        remaining.set(i, now);
        gone &= now.none();
      }
      if (gone || System.nanoTime() >= deadline) {
        return;
      }
      try {
        Thread.sleep(Math.min(POLL_INTERVAL.toMillis(), remainingMillis(deadline)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  /**
   * Nothing names the pseudonym: if documents name the raw id instead, the job most likely runs
   * without the key (or with another one) and will dead-letter the request, so say so.
   */
  private void warnIfStoredRaw(DocumentCounter counter, MemberRef member) {
    MemberTraces raw = count(counter, member.memberId(), member, COUNT_FAILED);
    if (!raw.none()) {
      progress.println(
          "forget: warning: "
              + member
              + ": no document names its pseudonym, but "
              + (raw.memberDocuments() + raw.sessions() + raw.referringSessions())
              + " name the raw id: if the job runs without privacy.member-id-hmac-key (or with"
              + " another key), it dead-letters this request and forgets nobody");
    }
  }

  private MemberTraces count(
      DocumentCounter counter, String storedId, MemberRef member, String otherwise) {
    try {
      return counter.count(member.communityId(), storedId);
    } catch (IOException | RuntimeException e) {
      throw Preflight.elasticsearchFailure(config, e, "read the pulse indices", otherwise);
    }
  }

  /** Kafka answers and has the topic (a producer would wait a minute for a missing one). */
  private void checkTopic(String topic) {
    Properties props = new Properties();
    props.putAll(config.kafka().clientProperties());
    int timeoutMs = (int) TimeUnit.SECONDS.toMillis(KAFKA_TIMEOUT_SECONDS);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    try (Admin admin = Admin.create(props)) {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new UnreachableInfrastructureException(
            "Kafka at "
                + config.kafka().requireBootstrapServers()
                + " has no topic "
                + topic
                + ": ./pulse setup creates it (kafka.topic.erasure names it); nothing was sent",
            e);
      }
      throw Preflight.kafkaFailure(config, e);
    } catch (TimeoutException e) {
      throw Preflight.kafkaFailure(config, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableInfrastructureException("interrupted while checking Kafka", e);
    }
  }

  private void send(String topic, List<ErasureRequest> made) {
    WireCodec<ErasureRequest> codec = WireCodec.erasureRequests();
    Map<String, String> client = new HashMap<>(config.kafka().clientProperties());
    // Fail within seconds when the broker goes away, not after the client's default minute.
    client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(KAFKA_TIMEOUT_SECONDS * 1000));
    client.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT_SECONDS * 1000));
    client.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(2 * KAFKA_TIMEOUT_SECONDS * 1000));
    int acknowledged = 0;
    try (KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(client)) {
      List<Future<?>> sent = new ArrayList<>();
      for (ErasureRequest request : made) {
        byte[] key = Topics.erasureKey(request).getBytes(StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(topic, key, codec.encode(request))));
      }
      producer.flush();
      for (Future<?> future : sent) {
        future.get(2 * KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        acknowledged++;
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      UnreachableInfrastructureException failure = Preflight.kafkaFailure(config, e);
      throw new UnreachableInfrastructureException(
          failure.getMessage()
              + "; "
              + acknowledged
              + " of "
              + made.size()
              + " erasure requests were acknowledged before",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableInfrastructureException("interrupted while sending to Kafka", e);
    }
  }
}
