package io.communitypulse.forget;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.ingest.MemberIdPseudonymizer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the {@link ErasureRequest} of a member as the job will recognise them: with
 * pseudonymisation on ({@code privacy.member-id-hmac-key}), the raw id becomes the pseudonym the
 * job's own {@link MemberIdPseudonymizer} gives it, and the request says so ({@code
 * pseudonymized}); otherwise the raw id is sent as is. Each request gets a new random UUID.
 */
public final class ErasureRequests {

  private final Optional<String> hmacKey;
  private final Clock clock;

  /** Requests under the pseudonymisation setting of {@code config}, dated by {@code clock}. */
  public ErasureRequests(PulseConfig config, Clock clock) {
    this(config.privacy().memberIdHmacKey(), clock);
  }

  ErasureRequests(Optional<String> hmacKey, Clock clock) {
    this.hmacKey = Objects.requireNonNull(hmacKey, "hmacKey");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether member ids are pseudonymised, so requests carry pseudonyms. */
  public boolean pseudonymized() {
    return hmacKey.isPresent();
  }

  /** The member id as the job stores it: the pseudonym, or the raw id when that is off. */
  public String storedId(MemberRef member) {
    return hmacKey
        .map(key -> MemberIdPseudonymizer.pseudonymOf(key, member.memberId()))
        .orElse(member.memberId());
  }

  /** A new request to forget {@code member}. */
  public ErasureRequest of(MemberRef member) {
    return ErasureRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setCommunityId(member.communityId())
        .setMemberId(storedId(member))
        .setPseudonymized(pseudonymized())
        // The wire type is timestamp-millis; a finer instant would not survive a round trip.
        .setRequestedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .build();
  }
}
