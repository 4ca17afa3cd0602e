package io.communitypulse.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the stand-in Elasticsearch received during one run: bulk requests, write operations per
 * index and, when asked, the newest state of every document (highest external version, as
 * Elasticsearch would keep). Static because the sink runs inside the mini-cluster of this JVM and
 * is created from a serialized copy; {@link #reset} starts each run afresh.
 */
public final class BulkLedger {

  /** The newest state of one document; {@code source} null means deleted. */
  public record Document(long version, byte[] source) {}

  private static final LongAdder BULK_REQUESTS = new LongAdder();
  private static final Map<String, LongAdder> OPERATIONS = new ConcurrentHashMap<>();
  private static final Map<String, Document> DOCUMENTS = new ConcurrentHashMap<>();
  private static volatile boolean keep;

  private BulkLedger() {}

  /** Forgets everything; {@code keepDocuments} says whether to keep document states this run. */
  public static void reset(boolean keepDocuments) {
    BULK_REQUESTS.reset();
    OPERATIONS.clear();
    DOCUMENTS.clear();
    keep = keepDocuments;
  }

  /** One write operation of a bulk request; {@code source} null for a delete or when not kept. */
  public static void record(String index, String id, long version, byte[] source) {
    OPERATIONS.computeIfAbsent(index, i -> new LongAdder()).increment();
    if (keep) {
      DOCUMENTS.merge(
          index + "\u0000" + id,
          new Document(version, source),
          (old, now) -> now.version() >= old.version() ? now : old);
    }
  }

  public static void bulkRequest() {
    BULK_REQUESTS.increment();
  }

  public static long bulkRequests() {
    return BULK_REQUESTS.sum();
  }

  /** Write operations per index (alias) name. */
  public static Map<String, Long> operationsByIndex() {
    Map<String, Long> out = new TreeMap<>();
    OPERATIONS.forEach((index, n) -> out.put(index, n.sum()));
    return out;
  }

  public static long operations() {
    return OPERATIONS.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The newest source of every live document of {@code index}, by id. */
  public static Map<String, byte[]> documents(String index) {
    Map<String, byte[]> out = new TreeMap<>();
    String prefix = index + "\u0000";
    DOCUMENTS.forEach(
        (key, doc) -> {
          if (key.startsWith(prefix) && doc.source() != null) {
            out.put(key.substring(prefix.length()), doc.source());
          }
        });
    return out;
  }
}
