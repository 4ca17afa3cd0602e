package io.communitypulse.forget;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.QueryBuilders;
import io.communitypulse.indicators.MemberDocument;
import io.communitypulse.sink.Aliases;
import java.io.IOException;
import java.util.List;

/**
 * Counts in Elasticsearch the documents that name a member ({@link MemberTraces}), through the
 * aliases the job writes: {@code pulse-members} (document id {@code community/member}) and {@code
 * pulse-sessions} ({@code community_id} with {@code actor} or {@code referred_by}). Counts see what
 * the node has refreshed (every second by default), which is what the wait of {@code ./pulse
 * forget} needs. Needs only the {@code read} privilege on those aliases.
 */
public final class DocumentCounter {

  private final ElasticsearchClient es;
  private final String members;
  private final String sessions;

  /** Counts through the aliases of {@code indexPrefix} (see {@link Aliases#prefixed}). */
  public DocumentCounter(ElasticsearchClient es, String indexPrefix) {
    this.es = es;
    this.members = Aliases.prefixed(indexPrefix, Aliases.MEMBERS);
    this.sessions = Aliases.prefixed(indexPrefix, Aliases.SESSIONS);
  }

  /**
   * What names {@code memberId} (as the job stores it) in {@code communityId}.
   *
   * @throws IOException or an Elasticsearch exception when the node cannot answer
   */
  public MemberTraces count(String communityId, String memberId) throws IOException {
    Query memberDocument =
        QueryBuilders.ids(i -> i.values(MemberDocument.documentId(communityId, memberId)));
    Query community = term("community_id", communityId);
    Query actor = term("actor", memberId);
    Query own = QueryBuilders.bool(b -> b.filter(List.of(community, actor)));
    Query referring =
        QueryBuilders.bool(
            b -> b.filter(List.of(community, term("referred_by", memberId))).mustNot(actor));
    return new MemberTraces(
        count(members, memberDocument), count(sessions, own), count(sessions, referring));
  }

  private long count(String index, Query query) throws IOException {
    return es.count(c -> c.index(index).query(query)).count();
  }

  private static Query term(String field, String value) {
    return QueryBuilders.term(t -> t.field(field).value(value));
  }
}
