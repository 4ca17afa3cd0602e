package io.communitypulse.bench;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.runtime.JobEnvironment;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * B: the textbook Flink SQL way to the same figures — a {@code SESSION} window TVF per community
 * and actor, then plain group aggregates per member for the 7- and 28-day counts and {@code
 * first_seen}; per community and UTC day a {@code TUMBLE} window for the day's counts, {@code HOP}
 * windows of 7 and 28 days sliding by a day for the rolling active members, and a group aggregate
 * over each member's first own event for {@code new_members_1d} — over the same input, in the same
 * cluster, with the same checkpointing. Every changelog row it emits is a write an upsert sink
 * would make (UPDATE_BEFORE rows excepted).
 *
 * <p>The gap is written as 30 min minus 1 ms: SQL session windows put two events exactly one gap
 * apart in one session, docs/semantics.md ("Sessions") in two; events at whole-millisecond times
 * make the two rules equal.
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
    return sql.append(", MIN(`at`) AS first_seen")
        .append(" FROM events WHERE member_id IS NOT NULL GROUP BY community_id, member_id")
        .toString();
  }

  /**
   * Per community and UTC day with events: distinct members with an own event, distinct visitor
   * actors (events not attributed to a member; the input needs no stitching), posts, replies and
   * shares. A day without events has no row.
   */
  static String communityDaysSql() {
    return "SELECT community_id, CAST(window_start AS DATE) AS `day`,"
        + " COUNT(DISTINCT member_id) AS active_members_1d,"
        + " COUNT(DISTINCT CASE WHEN member_id IS NULL THEN actor END) AS visitors_1d,"
        + " SUM(CASE WHEN kind = 'POST' THEN 1 ELSE 0 END) AS posts,"
        + " SUM(CASE WHEN kind = 'REPLY' THEN 1 ELSE 0 END) AS replies,"
        + " SUM(CASE WHEN kind = 'SHARE' THEN 1 ELSE 0 END) AS shares"
        + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(rowtime), INTERVAL '1' DAY))"
        + " GROUP BY community_id, window_start, window_end";
  }

  /**
   * Per community and UTC day up to {@code asOf}: distinct members with an own event in the {@code
   * days} days ending that day, as a {@code HOP} window of that size sliding by one day (the window
   * ending at the day's end). Windows past the as-of day (the input's end fires them all) are left
   * out; days with nobody active in the window have no row.
   */
  static String communityActiveMembersSql(int days, long asOf) {
    return "SELECT community_id, `day`, active_members_"
        + days
        + "d FROM (SELECT community_id,"
        + " CAST(window_end - INTERVAL '1' DAY AS DATE) AS `day`,"
        + " COUNT(DISTINCT member_id) AS active_members_"
        + days
        + "d FROM TABLE(HOP(TABLE events, DESCRIPTOR(rowtime), INTERVAL '1' DAY, INTERVAL '"
        + days
        + "' DAY)) WHERE member_id IS NOT NULL"
        + " GROUP BY community_id, window_start, window_end)"
        + " WHERE `day` <= DATE '"
        + LocalDate.ofEpochDay(asOf)
        + "'";
  }

  /** Per community and UTC day: members whose first own event is that day. */
  static String communityNewMembersSql() {
    return "SELECT community_id, CAST(TO_TIMESTAMP_LTZ(first_at, 3) AS DATE) AS `day`,"
        + " COUNT(*) AS new_members_1d"
        + " FROM (SELECT community_id, member_id, MIN(`at`) AS first_at FROM events"
        + " WHERE member_id IS NOT NULL GROUP BY community_id, member_id)"
        + " GROUP BY community_id, CAST(TO_TIMESTAMP_LTZ(first_at, 3) AS DATE)";
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
    // Days are UTC days (docs/indicators.md): day windows and DATE casts follow the session
    // time zone.
    tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    Table events =
        tables.fromDataStream(
            BaselineEvents.read(env, config.eventTime().outOfOrderness()),
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

    sink(tables, communityDaysSql(), BaselineLedger.COMMUNITY_DAYS);
    sink(tables, communityActiveMembersSql(7, input.asOfDay()), BaselineLedger.COMMUNITY_7D);
    sink(tables, communityActiveMembersSql(28, input.asOfDay()), BaselineLedger.COMMUNITY_28D);
    sink(tables, communityNewMembersSql(), BaselineLedger.COMMUNITY_NEW_MEMBERS);

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
          input.members(),
          cluster.breakdown(result.getJobID(), measured[0]));
    }
  }

  private static void sink(StreamTableEnvironment tables, String sql, String output) {
    tables
        .toChangelogStream(tables.sqlQuery(sql))
        .sinkTo(new BaselineRowSink(output))
        .name(output + "-sink");
  }
}
