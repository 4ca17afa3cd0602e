package io.communitypulse.replay;

/**
 * The counts {@code ./pulse replay} reports: lines read, records dead-lettered (by the replay
 * itself or by the job), duplicates dropped, and the session and member documents Elasticsearch
 * holds afterwards.
 */
public record ReplayResult(
    long read, long deadLettered, long duplicates, long sessions, long members) {

  /**
   * The last line of {@code ./pulse replay}, exactly as README.md ("Replay a file end to end")
   * gives it.
   */
  public String summaryLine() {
    return "replay: read="
        + read
        + " dead_lettered="
        + deadLettered
        + " duplicates="
        + duplicates
        + " sessions="
        + sessions
        + " members="
        + members;
  }
}
