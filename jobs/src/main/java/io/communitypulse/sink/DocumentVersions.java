package io.communitypulse.sink;

/**
 * The one rule every stage uses to version the documents it writes (Elasticsearch external
 * versions: the highest wins): {@code max(last + 1, processing time now)}. The counter, kept in
 * keyed state, never repeats or goes back within a run; after a restore rewinds it to the
 * checkpoint, the wall clock has moved past every version handed out before the failure, so the
 * first new one is higher again. It assumes task managers' clocks roughly agree.
 */
public final class DocumentVersions {

  private DocumentVersions() {}

  /** The version after {@code last}, at processing time {@code now}. */
  public static long next(long last, long now) {
    return Math.max(last + 1, now);
  }
}
