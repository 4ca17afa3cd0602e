package io.communitypulse.forget;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ErasureRequest;
import io.communitypulse.forget.Forget.Outcome;
import io.communitypulse.forget.Forget.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForgetOutcomeTest {

  private static final MemberRef MEMBER = new MemberRef("c1", "m7");
  private static final ErasureRequest REQUEST =
      ErasureRequest.newBuilder()
          .setRequestId("5f0e7c1a-3b7d-4d39-9d0b-7a1c2e4f6a88")
          .setCommunityId("c1")
          .setMemberId("m7")
          .setPseudonymized(false)
          .setRequestedAt(Instant.parse("2026-12-06T10:00:00Z"))
          .build();
  private static final MemberTraces FOUND = new MemberTraces(1, 14, 3);

  @Test
  void shouldReportWhatTheJobDeletedAndScrubbed() {
    assertThat(report(FOUND, MemberTraces.NONE, Status.FORGOTTEN))
        .isEqualTo(
            "forgot c1/m7: member document 1, sessions 14 deleted, 3 other sessions scrubbed"
                + " (request 5f0e7c1a-3b7d-4d39-9d0b-7a1c2e4f6a88)");
  }

  @Test
  void shouldSayWhenNothingNamedTheMember() {
    assertThat(report(MemberTraces.NONE, MemberTraces.NONE, Status.NOTHING_FOUND))
        .startsWith(
            "c1/m7: no document names this member; request sent so the job's state is purged"
                + " too (request ");
  }

  @Test
  void shouldReportWhatWasFoundWithoutWaiting() {
    assertThat(report(FOUND, FOUND, Status.SENT))
        .startsWith(
            "sent c1/m7: member document 1, sessions 14, 3 other sessions name this member;");
  }

  @Test
  void shouldSayWhatIsLeftAndThatTheRequestStaysWhenTheWaitTimesOut() {
    assertThat(report(FOUND, new MemberTraces(1, 4, 0), Status.TIMED_OUT))
        .startsWith(
            "c1/m7: NOT forgotten within 2 min: still member document 1 of 1, sessions 4 of 14,"
                + " other sessions naming them 0 of 3; the request stays in pulse.erasure.v1 and"
                + " the job processes it when it runs (request ");
  }

  private static String report(MemberTraces found, MemberTraces remaining, Status status) {
    return new Outcome(MEMBER, REQUEST, found, remaining, status)
        .report("pulse.erasure.v1", Duration.ofMinutes(2));
  }
}
