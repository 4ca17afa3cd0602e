package io.communitypulse.bench;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.runtime.JobEnvironment;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * B: the textbook Flink SQL way to the same figures — a {@code SESSION} window TVF per community
 * and actor, then plain group aggregates per member for the 7- and 28-day counts — over the same
 * input, in the same cluster, with the same checkpointing. Every changelog row it emits is a write
 * an upsert sink would make (UPDATE_BEFORE rows excepted).
 *
 * <p>The gap is written as 30 min minus 1 ms: SQL session windows put two events exactly one gap
 * apart in one session, SPEC §4 in two; events at whole-millisecond times make the two rules equal.
 */
final class SqlBaselineRun {

  /** The session gap as SQL states "less than 30 minutes apart" for millisecond timestamps. */
  static final String GAP = "INTERVAL '1799.999' SECOND(4, 3)";

  private SqlBaselineRun() {}

  static String sessionsSql() {
    return "SELECT community_id, actor, MAX(member_id) AS member_id, MIN(`at`) AS s_start,"
        + " MAX(`at`) AS s_end, MIN(`day`) AS s_day, COUNT(*) AS events"
        + " FROM TABLE(SESSION(TABLE events PARTITION BY (community_id, actor),"
        + " DESCRIPTOR(rowtime), "
        + GAP
        + "))"
        + " GROUP BY community_id, actor, window_start, window_end";
  }

  /** Per member: active days and own-event counts in the 7 and 28 days ending {@code asOf}. */
  static String memberEventsSql(long asOf) {
    StringBuilder sql = new StringBuilder("SELECT community_id, member_id");
    for (int days : new int[] {7, 28}) {
      long from = asOf - days + 1;
      String in = "`day` BETWEEN " + from + " AND " + asOf;
      sql.append(", COUNT(DISTINCT CASE WHEN ")
          .append(in)
          .append(" THEN `day` END) AS active_days_")
          .append(days);
      for (String[] kind :
          new String[][] {
            {"PAGE_VIEW", "page_views"},
            {"POST", "posts"},
            {"REPLY", "replies"},
            {"REACTION", "reactions_given"},
            {"SHARE", "shares"}
          }) {
        sql.append(", SUM(CASE WHEN ")
            .append(in)
            .append(" AND kind = '")
            .append(kind[0])
            .append("' THEN 1 ELSE 0 END) AS ")
            .append(kind[1])
            .append('_')
            .append(days);
      }
    }
    return sql.append(" FROM events WHERE member_id IS NOT NULL GROUP BY community_id, member_id")
        .toString();
  }

  /** Per member: sessions and session minutes (counted on the start day) in 7 and 28 days. */
  static String memberSessionsSql(long asOf) {
    StringBuilder sql = new StringBuilder("SELECT community_id, member_id");
    for (int days : new int[] {7, 28}) {
      String in = "s_day BETWEEN " + (asOf - days + 1) + " AND " + asOf;
      sql.append(", SUM(CASE WHEN ")
          .append(in)
          .append(" THEN 1 ELSE 0 END) AS sessions_")
          .append(days)
          .append(", SUM(CASE WHEN ")
          .append(in)
          .append(" THEN CAST(s_end - s_start AS DOUBLE) / 60000.0 ELSE 0.0 END)")
          .append(" AS session_minutes_")
          .append(days);
    }
    return sql.append(" FROM sessions WHERE member_id IS NOT NULL GROUP BY community_id, member_id")
        .toString();
  }

  static RunResult run(BenchCluster cluster, int parallelism, boolean keepRows) throws Exception {
    BenchInput input = BenchInput.current();
    PulseConfig config = PulseConfig.defaults();
    StreamExecutionEnvironment env =
        cluster.environment(JobEnvironment.flinkConfiguration(config), parallelism);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    Table events =
        tables.fromDataStream(
            BaselineEvents.read(env, config.outOfOrderness()),
            Schema.newBuilder()
                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                .watermark("rowtime", "SOURCE_WATERMARK()")
                .build());
    tables.createTemporaryView("events", events);
    Table sessions = tables.sqlQuery(sessionsSql());
    tables.createTemporaryView("sessions", sessions);
    tables
        .toChangelogStream(sessions)
        .sinkTo(new BaselineRowSink(BaselineLedger.SESSIONS))
        .name("sessions-sink");
    tables
        .toChangelogStream(tables.sqlQuery(memberEventsSql(input.asOfDay())))
        .sinkTo(new BaselineRowSink(BaselineLedger.MEMBER_EVENTS))
        .name("member-events-sink");
    tables
        .toChangelogStream(tables.sqlQuery(memberSessionsSql(input.asOfDay())))
        .sinkTo(new BaselineRowSink(BaselineLedger.MEMBER_SESSIONS))
        .name("member-sessions-sink");

    BaselineLedger.reset(keepRows);
    try (RunMeter meter = new RunMeter()) {
      meter.start();
      JobExecutionResult result = env.execute("bench-B-flink-sql");
      long[] measured = meter.stop();
      BenchCluster.CheckpointFigures checkpoints = cluster.checkpoints(result.getJobID());
      return new RunResult(
          "B",
          input.events(),
          measured[0],
          measured[1],
          BaselineLedger.writes(),
          checkpoints.completed(),
          checkpoints.maxStateBytes(),
          measured[2],
          input.members());
    }
  }
}
