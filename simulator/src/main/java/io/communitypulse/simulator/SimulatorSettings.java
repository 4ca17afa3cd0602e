package io.communitypulse.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What to simulate: how many communities, how big, over which period, and how much deliberately bad
 * input to mix in. Immutable and validated on construction (a wrong value fails naming the
 * setting); {@link #defaults()} holds every default in one place and the {@code with...} methods
 * change one setting at a time. The same settings (with a fixed {@link #start()}) always produce
 * the same events.
 *
 * @param seed the random seed
 * @param communities how many communities: {@code acme-devs}, {@code data-guild}, {@code
 *     cloud-champions}, then generated ids
 * @param membersPerCommunity registered members of each community at the start (some of the less
 *     active ones come for the first time later; sign-ups add more)
 * @param visitorsPerCommunity devices of each community's anonymous visitors, who never sign in
 * @param start the start of the simulated period (millisecond precision)
 * @param days the length of the simulated period
 * @param duplicateShare the share of emitted events that are exact copies of an earlier one
 * @param malformedShare the share of written lines that are broken (files only)
 * @param lateShare the share of events emitted more than {@link #LATE_AFTER} after their time
 */
public record SimulatorSettings(
    long seed,
    int communities,
    int membersPerCommunity,
    int visitorsPerCommunity,
    Instant start,
    int days,
    double duplicateShare,
    double malformedShare,
    double lateShare) {

  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_COMMUNITIES = 3;
  public static final int DEFAULT_MEMBERS = 200;
  public static final int DEFAULT_VISITORS = 400;
  public static final int DEFAULT_DAYS = 2;

  /** The default start is midnight UTC this many days before today. */
  public static final int DEFAULT_START_DAYS_AGO = 3;

  public static final double DEFAULT_DUPLICATE_SHARE = 0.01;
  public static final double DEFAULT_MALFORMED_SHARE = 0.0;
  public static final double DEFAULT_LATE_SHARE = 0.0;

  /** Fewer members leave no room for the 1% creators and 9% contributors. */
  public static final int MIN_MEMBERS = 10;

  public static final int MAX_MEMBERS = 10_000_000;
  public static final int MAX_VISITORS = 10_000_000;
  public static final int MAX_COMMUNITIES = 10_000;
  public static final int MAX_DAYS = 3650;

  /** Beyond this a "share" of bad input stops being a realistic test. */
  public static final double MAX_SHARE = 0.5;

  /** A late event is emitted more than this after its {@code occurred_at}. */
  public static final Duration LATE_AFTER = Duration.ofHours(2);

  /** The earliest start: events before 2000-01-01 are rejected ({@code ANCIENT_TIMESTAMP}). */
  public static final Instant EARLIEST_START = Instant.parse("2000-01-01T00:00:00Z");

  public SimulatorSettings {
    Objects.requireNonNull(start, "start");
    start = start.truncatedTo(ChronoUnit.MILLIS);
    within("communities", communities, 1, MAX_COMMUNITIES);
    within("members", membersPerCommunity, MIN_MEMBERS, MAX_MEMBERS);
    within("visitors", visitorsPerCommunity, 0, MAX_VISITORS);
    within("days", days, 1, MAX_DAYS);
    share("duplicates", duplicateShare);
    share("malformed", malformedShare);
    share("late", lateShare);
    if (start.isBefore(EARLIEST_START)) {
      throw new IllegalArgumentException(
          "start must be on or after " + EARLIEST_START + ", was " + start);
    }
  }

  /** The defaults, starting at midnight UTC {@value #DEFAULT_START_DAYS_AGO} days before now. */
  public static SimulatorSettings defaults() {
    return defaults(Clock.systemUTC());
  }

  /** The defaults, with "now" from {@code clock}. */
  public static SimulatorSettings defaults(Clock clock) {
    Instant start =
        clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DEFAULT_START_DAYS_AGO));
    return new SimulatorSettings(
        DEFAULT_SEED,
        DEFAULT_COMMUNITIES,
        DEFAULT_MEMBERS,
        DEFAULT_VISITORS,
        start,
        DEFAULT_DAYS,
        DEFAULT_DUPLICATE_SHARE,
        DEFAULT_MALFORMED_SHARE,
        DEFAULT_LATE_SHARE);
  }

  /**
   * Reads a start given as an ISO date ({@code 2025-03-01}, meaning midnight UTC) or an ISO instant
   * ({@code 2025-03-01T08:00:00Z}, an offset is converted to UTC).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Instant parseStart(String text) {
    String value = text == null ? "" : text.strip();
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notADate) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException notAnInstant) {
        throw new IllegalArgumentException(
            "start '"
                + text
                + "' is neither an ISO date (2025-03-01) nor an ISO instant"
                + " (2025-03-01T08:00:00Z)");
      }
    }
  }

  /** The end of the simulated period (exclusive): {@code start + days}. */
  public Instant end() {
    return start.plus(Duration.ofDays(days));
  }

  /** The ids of the simulated communities, in order. */
  public List<String> communityIds() {
    return CommunityNames.first(communities);
  }

  /** Days of history a live feed sends at once before going live, unless told otherwise. */
  public static final int LIVE_HISTORY_DAYS = 2;

  /** Days a live feed runs after today's midnight: long enough never to run dry in a demo. */
  public static final int LIVE_DAYS_AHEAD = 28;

  /** {@link #withLivePeriod(Clock, int)} with {@value #LIVE_HISTORY_DAYS} days of history. */
  public SimulatorSettings withLivePeriod(Clock clock) {
    return withLivePeriod(clock, LIVE_HISTORY_DAYS);
  }

  /**
   * A period for feeding on the wall clock: from midnight UTC {@code historyDays} days ago (the
   * history, fed at once) to {@link #LIVE_DAYS_AHEAD} days after today's midnight (fed as its time
   * comes).
   */
  public SimulatorSettings withLivePeriod(Clock clock, int historyDays) {
    within("history days", historyDays, 0, MAX_DAYS - LIVE_DAYS_AHEAD);
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    return withStart(today.minus(Duration.ofDays(historyDays)))
        .withDays(historyDays + LIVE_DAYS_AHEAD);
  }

  public SimulatorSettings withSeed(long value) {
    return new SimulatorSettings(
        value,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        days,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withCommunities(int value) {
    return new SimulatorSettings(
        seed,
        value,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        days,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withMembersPerCommunity(int value) {
    return new SimulatorSettings(
        seed,
        communities,
        value,
        visitorsPerCommunity,
        start,
        days,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withVisitorsPerCommunity(int value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        value,
        start,
        days,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withStart(Instant value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        value,
        days,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withDays(int value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        value,
        duplicateShare,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withDuplicateShare(double value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        days,
        value,
        malformedShare,
        lateShare);
  }

  public SimulatorSettings withMalformedShare(double value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        days,
        duplicateShare,
        value,
        lateShare);
  }

  public SimulatorSettings withLateShare(double value) {
    return new SimulatorSettings(
        seed,
        communities,
        membersPerCommunity,
        visitorsPerCommunity,
        start,
        days,
        duplicateShare,
        malformedShare,
        value);
  }

  private static void within(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void share(String name, double value) {
    if (!(value >= 0 && value <= MAX_SHARE)) {
      throw new IllegalArgumentException(
          name + " share must be between 0 and " + MAX_SHARE + ", was " + value);
    }
  }
}
