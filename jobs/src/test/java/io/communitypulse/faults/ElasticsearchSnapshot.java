package io.communitypulse.faults;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every document of the three aliases of one index prefix, by alias and id, with its {@code
 * _source} and external version. Two snapshots are compared by source only: versions are {@code
 * max(last + 1, wall-clock ms)} and legitimately differ between runs.
 */
final class ElasticsearchSnapshot {

  private static final int MAX_DOCUMENTS = 10_000;

  private final Map<String, Map<String, Map<String, Object>>> sources;
  private final Map<String, Map<String, Long>> versions;

  private ElasticsearchSnapshot(
      Map<String, Map<String, Map<String, Object>>> sources,
      Map<String, Map<String, Long>> versions) {
    this.sources = sources;
    this.versions = versions;
  }

  /** Refreshes and reads every document under {@code prefix}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static ElasticsearchSnapshot take(String url, String prefix) throws IOException {
    Map<String, Map<String, Map<String, Object>>> sources = new TreeMap<>();
    Map<String, Map<String, Long>> versions = new TreeMap<>();
    try (ElasticsearchClient es = ElasticsearchClients.create(url)) {
      for (String unprefixed : Aliases.ALL) {
        String alias = Aliases.prefixed(prefix, unprefixed);
        es.indices().refresh(r -> r.index(alias));
        List<Hit<Map>> hits =
            es.search(
                    s ->
                        s.index(alias)
                            .size(MAX_DOCUMENTS)
                            .version(true)
                            .query(q -> q.matchAll(m -> m)),
                    Map.class)
                .hits()
                .hits();
        if (hits.size() >= MAX_DOCUMENTS) {
          throw new IllegalStateException("more than one page of documents in " + alias);
        }
        Map<String, Map<String, Object>> docs = new TreeMap<>();
        Map<String, Long> docVersions = new TreeMap<>();
        for (Hit<Map> hit : hits) {
          docs.put(hit.id(), (Map<String, Object>) hit.source());
          docVersions.put(hit.id(), hit.version());
        }
        sources.put(unprefixed, docs);
        versions.put(unprefixed, docVersions);
      }
    }
    return new ElasticsearchSnapshot(sources, versions);
  }

  int size(String unprefixedAlias) {
    return sources.get(unprefixedAlias).size();
  }

  /** Documents of an alias by id. */
  Map<String, Map<String, Object>> documents(String unprefixedAlias) {
    return sources.get(unprefixedAlias);
  }

  /** What a test expects of one document: its source, changed or not, or null when it must go. */
  @FunctionalInterface
  interface DocumentChange {
    Map<String, Object> apply(String unprefixedAlias, String id, Map<String, Object> source);
  }

  /**
   * This snapshot as {@code change} leaves it: every document replaced by what {@code change}
   * returns for it, removed where that is null. Versions are kept.
   */
  ElasticsearchSnapshot transformed(DocumentChange change) {
    Map<String, Map<String, Map<String, Object>>> changed = new TreeMap<>();
    for (Map.Entry<String, Map<String, Map<String, Object>>> alias : sources.entrySet()) {
      Map<String, Map<String, Object>> docs = new TreeMap<>();
      for (Map.Entry<String, Map<String, Object>> doc : alias.getValue().entrySet()) {
        Map<String, Object> source = change.apply(alias.getKey(), doc.getKey(), doc.getValue());
        if (source != null) {
          docs.put(doc.getKey(), source);
        }
      }
      changed.put(alias.getKey(), docs);
    }
    return new ElasticsearchSnapshot(changed, versions);
  }

  /**
   * One line per document missing, extra or different in this snapshot compared to {@code want}.
   */
  List<String> differencesFrom(ElasticsearchSnapshot want) {
    List<String> out = new ArrayList<>();
    for (String alias : Aliases.ALL) {
      Map<String, Map<String, Object>> expected = want.sources.get(alias);
      Map<String, Map<String, Object>> actual = sources.get(alias);
      Set<String> ids = new TreeSet<>(expected.keySet());
      ids.addAll(actual.keySet());
      for (String id : ids) {
        Map<String, Object> e = expected.get(id);
        Map<String, Object> a = actual.get(id);
        if (a == null) {
          out.add(alias + " missing " + id + ": " + e);
        } else if (e == null) {
          out.add(alias + " extra " + id + ": " + a);
        } else if (!e.equals(a)) {
          out.add(alias + " differs " + id + ": " + fieldDifferences(e, a));
        }
      }
    }
    return out;
  }

  private static String fieldDifferences(Map<String, Object> want, Map<String, Object> got) {
    Set<String> fields = new TreeSet<>(want.keySet());
    fields.addAll(got.keySet());
    StringBuilder text = new StringBuilder();
    for (String field : fields) {
      Object w = want.get(field);
      Object g = got.get(field);
      if (w == null ? g != null : !w.equals(g)) {
        text.append(field).append(" want ").append(w).append(" got ").append(g).append("; ");
      }
    }
    return text.toString();
  }

  /**
   * Writes every document, with its external version, under {@code prefix}: the state of an index
   * as another job would have left it, so a run restored from a savepoint can continue it.
   */
  void copyTo(String url, String prefix) throws IOException {
    try (ElasticsearchClient es = ElasticsearchClients.create(url)) {
      for (String unprefixed : Aliases.ALL) {
        String alias = Aliases.prefixed(prefix, unprefixed);
        List<BulkOperation> operations = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> doc : sources.get(unprefixed).entrySet()) {
          long version = versions.get(unprefixed).get(doc.getKey());
          operations.add(
              BulkOperation.of(
                  o ->
                      o.index(
                          i ->
                              i.index(alias)
                                  .id(doc.getKey())
                                  .version(version)
                                  .versionType(VersionType.External)
                                  .document(doc.getValue()))));
        }
        if (operations.isEmpty()) {
          continue;
        }
        BulkResponse response = es.bulk(b -> b.operations(operations));
        if (response.errors()) {
          throw new IllegalStateException("could not copy documents to " + alias);
        }
      }
    }
  }
}
