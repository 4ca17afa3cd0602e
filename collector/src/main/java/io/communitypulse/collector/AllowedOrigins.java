package io.communitypulse.collector;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The web origins allowed to send each community's events from a browser, parsed from {@code
 * collector.origins} ({@code community:origin|origin,community:origin}, an origin being {@code
 * scheme://host[:port]} exactly as browsers send it in the {@code Origin} header). A CORS preflight
 * is answered for an origin of any community; an actual request only for an origin of the community
 * its write key belongs to.
 */
public final class AllowedOrigins {

  private final Map<String, Set<String>> originsByCommunity;
  private final Set<String> allOrigins;

  private AllowedOrigins(Map<String, Set<String>> originsByCommunity) {
    Map<String, Set<String>> copy = new HashMap<>();
    Set<String> all = new HashSet<>();
    originsByCommunity.forEach(
        (community, origins) -> {
          copy.put(community, Set.copyOf(origins));
          all.addAll(origins);
        });
    this.originsByCommunity = Map.copyOf(copy);
    this.allOrigins = Set.copyOf(all);
  }

  /** Parses {@code community:origin|origin,community:origin}; blank allows no browser origin. */
  public static AllowedOrigins parse(String text) {
    Map<String, Set<String>> byCommunity = new HashMap<>();
    for (CommunityEntries.Entry entry :
        CommunityEntries.parse(
            CollectorOption.ORIGINS, text, "community:origin|origin,community:origin", false)) {
      Set<String> origins = byCommunity.computeIfAbsent(entry.community(), c -> new HashSet<>());
      for (String origin : entry.value().split("\\|")) {
        origins.add(normalize(origin.trim()));
      }
    }
    return new AllowedOrigins(byCommunity);
  }

  /** Whether {@code origin} may send {@code community}'s events. */
  public boolean allows(String community, String origin) {
    Set<String> origins = originsByCommunity.get(community);
    return origins != null && origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /** Whether any community allows {@code origin} (what a preflight, which has no key, can know). */
  public boolean allowsAny(String origin) {
    return origin != null && allOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /** The communities that have origins. */
  public Set<String> communities() {
    return originsByCommunity.keySet();
  }

  /** {@code https://Acme.example/} → {@code https://acme.example}; anything else is refused. */
  private static String normalize(String origin) {
    String lower = origin.toLowerCase(Locale.ROOT);
    if (lower.endsWith("/")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(lower);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !(lower.startsWith("https://") || lower.startsWith("http://"))
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null) {
      throw new InvalidSettingException(
          CollectorOption.ORIGINS.key()
              + ": '"
              + origin
              + "' is not an origin such as https://forum.example.com or http://localhost:8000");
    }
    return lower;
  }

  @Override
  public String toString() {
    return new TreeMap<>(originsByCommunity).toString();
  }
}
