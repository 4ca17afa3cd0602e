package io.communitypulse.forget;

import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.Topics;

/**
 * One member of one community as an operator names them for {@code ./pulse forget}: the community
 * id and the member's raw id, as the site sent it in events (before any pseudonymisation). Written
 * {@code community/member}; the member id is everything after the first {@code /}, since community
 * ids never contain one.
 *
 * @param communityId matches {@link EventValidator#COMMUNITY_ID_PATTERN}
 * @param memberId not blank, without leading or trailing spaces
 */
public record MemberRef(String communityId, String memberId) {

  /**
   * @throws IllegalArgumentException naming what is wrong with either id
   */
  public MemberRef {
    if (!EventValidator.isValidCommunityId(communityId)) {
      throw new IllegalArgumentException(
          "community id '"
              + communityId
              + "' does not match "
              + EventValidator.COMMUNITY_ID_REGEX
              + " (lowercase letters, digits, '_' and '-')");
    }
    if (memberId == null || memberId.isBlank()) {
      throw new IllegalArgumentException("the member id is empty");
    }
    if (!memberId.equals(memberId.strip())) {
      // A member id the site never sent would silently match nothing: refuse rather than trim.
      throw new IllegalArgumentException(
          "member id '" + memberId + "' starts or ends with white space");
    }
  }

  /**
   * Parses {@code community/member}.
   *
   * @throws IllegalArgumentException when there is no {@code /} or either id is invalid
   */
  public static MemberRef parse(String text) {
    int slash = text.indexOf(Topics.KEY_SEPARATOR);
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not community/member");
    }
    return new MemberRef(text.substring(0, slash), text.substring(slash + 1));
  }

  /** {@code community/member}. */
  @Override
  public String toString() {
    return communityId + Topics.KEY_SEPARATOR + memberId;
  }
}
