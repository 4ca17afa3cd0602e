package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.communitypulse.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared Elasticsearch node does what the pipeline needs of it: explicit mappings, bulk
 * indexing with per-item results, term counts, date histograms and terms aggregations.
 */
@ExtendWith(SharedInfrastructure.class)
class LocalElasticsearchITCase {

  private static final int DOCUMENTS = 100;
  private static final int DAYS = 5;
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);

  private static Rest5ClientTransport transport;
  private static ElasticsearchClient client;

  @BeforeAll
  static void connect() {
    Rest5Client rest =
        Rest5Client.builder(URI.create(SharedInfrastructure.elasticsearchUrl())).build();
    transport = new Rest5ClientTransport(rest, new JacksonJsonpMapper());
    client = new ElasticsearchClient(transport);
  }

  @AfterAll
  static void disconnect() throws IOException {
    if (transport != null) {
      transport.close();
    }
  }

  @Test
  void indexesInBulkAndAggregatesByTermAndDay() throws IOException {
    String index = SharedInfrastructure.uniqueName("pulse-it-activity");
    client
        .indices()
        .create(
            c ->
                c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(
                        m ->
                            m.properties("community_id", p -> p.keyword(k -> k))
                                .properties("day", p -> p.date(d -> d))
                                .properties("views", p -> p.long_(l -> l))));

    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (int i = 0; i < DOCUMENTS; i++) {
      Map<String, Object> document = new LinkedHashMap<>();
      // Every fourth document belongs to c2: 75 in c1, 25 in c2.
      document.put("community_id", i % 4 == 0 ? "c2" : "c1");
      // Spread evenly over five days: 20 per day.
      document.put("day", FIRST_DAY.plusDays(i % DAYS).toString());
      document.put("views", (long) i);
      String id = "doc-" + i;
      bulk.operations(op -> op.index(idx -> idx.index(index).id(id).document(document)));
    }
    BulkResponse response = client.bulk(bulk.build());

    assertThat(response.items()).hasSize(DOCUMENTS);
    for (BulkResponseItem item : response.items()) {
      assertThat(item.error())
          .as("bulk item %s: %s", item.id(), item.error() == null ? "" : item.error().reason())
          .isNull();
      assertThat(item.status()).isEqualTo(201);
    }
    assertThat(response.errors()).isFalse();

    client.indices().refresh(r -> r.index(index));

    long inC1 =
        client
            .count(c -> c.index(index).query(q -> q.term(t -> t.field("community_id").value("c1"))))
            .count();
    assertThat(inC1).isEqualTo(75);

    SearchResponse<Void> search =
        client.search(
            s ->
                s.index(index)
                    .size(0)
                    .aggregations(
                        "per_day",
                        a ->
                            a.dateHistogram(
                                h -> h.field("day").calendarInterval(CalendarInterval.Day)))
                    .aggregations("communities", a -> a.terms(t -> t.field("community_id")))
                    .aggregations("total_views", a -> a.sum(sum -> sum.field("views"))),
            Void.class);

    List<DateHistogramBucket> days =
        search.aggregations().get("per_day").dateHistogram().buckets().array();
    assertThat(days)
        .extracting(DateHistogramBucket::key)
        .containsExactly(
            epochMillis(FIRST_DAY),
            epochMillis(FIRST_DAY.plusDays(1)),
            epochMillis(FIRST_DAY.plusDays(2)),
            epochMillis(FIRST_DAY.plusDays(3)),
            epochMillis(FIRST_DAY.plusDays(4)));
    assertThat(days).extracting(DateHistogramBucket::docCount).containsOnly(20L);

    Map<String, Long> perCommunity =
        search.aggregations().get("communities").sterms().buckets().array().stream()
            .collect(Collectors.toMap(b -> b.key().stringValue(), StringTermsBucket::docCount));
    assertThat(perCommunity).containsExactlyInAnyOrderEntriesOf(Map.of("c1", 75L, "c2", 25L));

    // 0 + 1 + ... + 99: the long field holds every value.
    assertThat(search.aggregations().get("total_views").sum().value()).isEqualTo(4950.0);
  }

  private static long epochMillis(LocalDate day) {
    return day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
