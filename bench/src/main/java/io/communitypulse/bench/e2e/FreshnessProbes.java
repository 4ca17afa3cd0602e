package io.communitypulse.bench.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Freshness probes: marker events sent among the load, each a page view of a new visitor in a
 * community of its own, and the search that finds when the session document carrying each one
 * becomes searchable in Elasticsearch. A probe's freshness is the time from handing it to the Kafka
 * producer to the first search of {@code pulse-sessions} that returns its session.
 *
 * <p>Each probe is a new actor ({@code anon:probe-<n>}), so its session is a new document that the
 * session stage emits at once; what the probe then waits for is the pipeline, the checkpoint that
 * covers it (the sink writes only after checkpoints complete) and the index refresh. A separate
 * community keeps probes out of the load's figures. Thread-safe: the producer thread sends probes
 * while another thread polls.
 */
final class FreshnessProbes {

  /** The community the probes belong to. */
  static final String COMMUNITY = "e2e-probe";

  private static final String ACTOR_PREFIX = "anon:probe-";

  private final String clicksTopic;
  private final WireCodec<ClickEvent> codec = WireCodec.clicks();
  private final Map<Integer, Long> sentNanos = new ConcurrentHashMap<>();
  private final Map<Integer, Long> seenNanos = new ConcurrentHashMap<>();
  private int next;

  FreshnessProbes(String clicksTopic) {
    this.clicksTopic = clicksTopic;
  }

  /**
   * The next probe, dated {@code epochMillis}; call right before handing it to the producer, whose
   * send time it records now.
   */
  synchronized ProducerRecord<byte[], byte[]> next(long epochMillis) {
    int n = next++;
    ClickEvent probe =
        ClickEvent.newBuilder()
            .setEventId("e2e-probe-" + n)
            .setCommunityId(COMMUNITY)
            .setOccurredAt(Instant.ofEpochMilli(epochMillis))
            .setAnonymousId("probe-" + n)
            .setMemberId(null)
            .setType(ClickType.PAGE_VIEW)
            .setUrl("https://probe.invalid/" + n)
            .setReferrer(null)
            .setContentId(null)
            .setReferredBy(null)
            .setConversionValue(null)
            .setUserAgent(null)
            .setIp(null)
            .setProperties(Map.of())
            .build();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            clicksTopic,
            Topics.clickKey(probe).getBytes(StandardCharsets.UTF_8),
            codec.encode(probe));
    sentNanos.put(n, System.nanoTime());
    return record;
  }

  /** Searches once for the probes' sessions; records the ones seen for the first time. */
  void poll(ElasticsearchClient es, String sessionsAlias) throws IOException {
    if (seenNanos.size() == sentNanos.size()) {
      return;
    }
    SearchResponse<ObjectNode> response =
        es.search(
            s ->
                s.index(sessionsAlias)
                    .size(10_000)
                    .query(q -> q.term(t -> t.field("community_id").value(COMMUNITY)))
                    .source(src -> src.filter(f -> f.includes("actor"))),
            ObjectNode.class);
    long now = System.nanoTime();
    for (Hit<ObjectNode> hit : response.hits().hits()) {
      ObjectNode source = hit.source();
      String actor = source == null ? null : source.path("actor").asText(null);
      if (actor != null && actor.startsWith(ACTOR_PREFIX)) {
        seenNanos.putIfAbsent(Integer.parseInt(actor.substring(ACTOR_PREFIX.length())), now);
      }
    }
  }

  int sent() {
    return sentNanos.size();
  }

  boolean allSeen() {
    return seenNanos.size() >= sentNanos.size();
  }

  /** The freshness of every probe sent so far; those not seen yet have waited until now. */
  Freshness freshness() {
    long now = System.nanoTime();
    List<Long> millis = new ArrayList<>();
    long unseenAtLeast = Long.MAX_VALUE;
    for (Map.Entry<Integer, Long> sent : sentNanos.entrySet()) {
      Long seen = seenNanos.get(sent.getKey());
      if (seen != null) {
        millis.add((seen - sent.getValue()) / 1_000_000);
      } else {
        unseenAtLeast = Math.min(unseenAtLeast, (now - sent.getValue()) / 1_000_000);
      }
    }
    return Freshness.of(
        sentNanos.size(), millis, unseenAtLeast == Long.MAX_VALUE ? 0 : unseenAtLeast);
  }
}
