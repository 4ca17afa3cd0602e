package io.communitypulse.setup;

import io.communitypulse.sink.Aliases;
import io.communitypulse.wire.EventValidator;

/**
 * One community as a tenant of the shared indices (docs/multi-tenancy.md): the names of everything
 * the setup creates for it, kept in one place so the aliases, roles, Kibana spaces and saved
 * objects agree.
 *
 * <p>The filtered alias of a community is the shared alias, a dot and the community id ({@code
 * pulse-sessions.acme}). The dot keeps it apart from the concrete indices ({@code
 * pulse-sessions-v1}), which a community named {@code v1} would otherwise collide with.
 */
public record Tenant(String communityId) {

  /** The prefix of every community's role name. */
  public static final String ROLE_PREFIX = "pulse-community-";

  /** The prefix of every community's Kibana space id. */
  public static final String SPACE_PREFIX = "community-";

  public Tenant {
    if (communityId == null
        || !EventValidator.COMMUNITY_ID_PATTERN.matcher(communityId).matches()) {
      throw new IllegalArgumentException(
          "not a community id: '"
              + communityId
              + "' (must match "
              + EventValidator.COMMUNITY_ID_REGEX
              + ")");
    }
  }

  /** The community's filtered view of a shared alias, e.g. {@code t1-pulse-sessions.acme}. */
  public String alias(String indexPrefix, String sharedAlias) {
    return Aliases.prefixed(indexPrefix, sharedAlias) + "." + communityId;
  }

  /** The Elasticsearch (and Kibana) role that reads only this community's documents. */
  public String roleName(String indexPrefix) {
    return Aliases.checkPrefix(indexPrefix) + ROLE_PREFIX + communityId;
  }

  /** The Kibana space of this community; space ids allow exactly the community-id characters. */
  public String spaceId() {
    return SPACE_PREFIX + communityId;
  }

  /** The suffix that keeps a saved object's id unique to this community's space. */
  public String savedObjectIdSuffix() {
    return "--" + communityId;
  }
}
