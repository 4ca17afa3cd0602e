package io.communitypulse.simulator;

/**
 * Where a referred visit came from: the member whose share link was followed, the link itself (the
 * landing page) and the social network's page that sent the visitor.
 *
 * @param memberId the sharing member, carried as {@code referred_by} by every click of the visit
 * @param url the share link, the visit's first page
 * @param contentId the shared thread
 * @param referrer the network's page, the first click's {@code referrer}
 */
record Referral(String memberId, String url, String contentId, String referrer) {}
