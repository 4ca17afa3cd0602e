package io.communitypulse.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ./pulse demo} prints every few seconds: input rate, sessions (live and closed),
 * members and visitors, and per community its sessions, active members, referral visits and top
 * advocates, then the figures of its latest day (health index, value quadrant, members promoted and
 * demoted over 28 days), read from Elasticsearch as a marketer's dashboard would.
 */
final class LiveSummary {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** Communities counted in the totals, and those given a line of their own (the busiest). */
  private static final int MAX_COMMUNITIES = 1000;

  private static final int SHOWN = 10;

  private final ElasticsearchClient es;
  private final String sessions;
  private final String members;
  private final String communities;
  private final PrintStream out;
  private long lastSent;
  private long lastAt;

  LiveSummary(
      ElasticsearchClient es,
      String sessionsAlias,
      String membersAlias,
      String communitiesAlias,
      PrintStream out) {
    this.es = es;
    this.sessions = sessionsAlias;
    this.members = membersAlias;
    this.communities = communitiesAlias;
    this.out = out;
  }

  void print(long sent, long deadLetters) throws IOException {
    long now = System.currentTimeMillis();
    double rate = lastAt == 0 ? 0 : (sent - lastSent) * 1000.0 / Math.max(1, now - lastAt);
    lastSent = sent;
    lastAt = now;

    es.indices().refresh(r -> r.index(sessions));
    SearchResponse<Void> response =
        es.search(
            s ->
                s.index(sessions)
                    .size(0)
                    // Elasticsearch stops counting hits at 10 000 unless asked for the exact total.
                    .trackTotalHits(t -> t.enabled(true))
                    .aggregations(
                        "live", a -> a.filter(f -> f.term(t -> t.field("status").value("live"))))
                    .aggregations(
                        "communities",
                        a ->
                            a.terms(t -> t.field("community_id").size(MAX_COMMUNITIES))
                                .aggregations(
                                    "members",
                                    sub ->
                                        sub.cardinality(
                                            c -> c.field("member_id").precisionThreshold(10000)))
                                .aggregations(
                                    "actors",
                                    sub ->
                                        sub.cardinality(
                                            c -> c.field("actor").precisionThreshold(10000)))
                                .aggregations(
                                    "referred",
                                    sub -> sub.filter(f -> f.exists(e -> e.field("referred_by"))))),
            Void.class);
    long total = response.hits().total() == null ? 0 : response.hits().total().value();
    long live = response.aggregations().get("live").filter().docCount();
    List<StringTermsBucket> byCommunity =
        response.aggregations().get("communities").sterms().buckets().array();
    // Member ids are per community (m00001 exists in each): totals are sums over communities.
    long members = 0;
    long visitors = 0;
    for (StringTermsBucket bucket : byCommunity) {
      long inCommunity = bucket.aggregations().get("members").cardinality().value();
      members += inCommunity;
      visitors +=
          Math.max(0, bucket.aggregations().get("actors").cardinality().value() - inCommunity);
    }
    out.printf(
        Locale.ROOT,
        "[%s] events sent %,d (%,.1f/s) | sessions %,d (%,d live, %,d closed) | members %,d,"
            + " visitors %,d | dead letters %,d%n",
        LocalTime.now(ZoneOffset.UTC).format(TIME),
        sent,
        rate,
        total,
        live,
        total - live,
        members,
        visitors,
        deadLetters);
    for (StringTermsBucket bucket : byCommunity.subList(0, Math.min(SHOWN, byCommunity.size()))) {
      String community = bucket.key().stringValue();
      out.printf(
          Locale.ROOT,
          "           %-18s sessions %,7d | active members %,5d | referral visits %,5d"
              + " | top advocates %s%n",
          community,
          bucket.docCount(),
          bucket.aggregations().get("members").cardinality().value(),
          bucket.aggregations().get("referred").filter().docCount(),
          topAdvocates(community));
      List<Map<?, ?>> latest = top(communities, community, "day", 1);
      out.println("             " + latestDay(latest.isEmpty() ? null : latest.get(0)));
    }
  }

  /**
   * One community day document in a line: which day and whether it is final, its health index,
   * value quadrant and the members whose level rose or fell over 28 days (docs/indicators.md). A
   * field the document lacks (none yet, or written by an older job) shows as "-".
   */
  static String latestDay(Map<?, ?> day) {
    if (day == null) {
      return "latest day: none yet";
    }
    Object isFinal = day.get("final");
    String state =
        Boolean.TRUE.equals(isFinal) ? " (final)" : Boolean.FALSE.equals(isFinal) ? " (open)" : "";
    return "latest day "
        + orDash(day.get("day"))
        + state
        + ": health "
        + orDash(day.get("health_index"))
        + " | quadrant "
        + orDash(day.get("value_quadrant"))
        + " | levels over 28 days: "
        + orDash(day.get("promoted_28d"))
        + " up, "
        + orDash(day.get("demoted_28d"))
        + " down";
  }

  private static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }

  /** The three members with the highest advocacy score, with their scores. */
  private String topAdvocates(String community) throws IOException {
    StringBuilder top = new StringBuilder();
    for (Map<?, ?> member : top(members, community, "advocacy_score", 3)) {
      if (top.length() > 0) {
        top.append(", ");
      }
      top.append(member.get("member_id"))
          .append(" (")
          .append(member.get("advocacy_score"))
          .append(')');
    }
    return top.length() == 0 ? "-" : top.toString();
  }

  /** The {@code size} documents of one community with the highest {@code sortField}. */
  private List<Map<?, ?>> top(String index, String community, String sortField, int size)
      throws IOException {
    es.indices().refresh(r -> r.index(index));
    List<Map<?, ?>> sources = new ArrayList<>();
    for (Hit<Map> hit :
        es.search(
                s ->
                    s.index(index)
                        .size(size)
                        .query(q -> q.term(t -> t.field("community_id").value(community)))
                        .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Desc))),
                Map.class)
            .hits()
            .hits()) {
      sources.add(hit.source());
    }
    return sources;
  }
}
