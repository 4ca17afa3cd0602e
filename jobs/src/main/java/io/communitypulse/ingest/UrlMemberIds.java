package io.communitypulse.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where sites put member ids inside URLs (profile pages, share links), so that pseudonymisation can
 * replace them there too: a member id in {@code /u/alice} or {@code ?ref=alice} is as identifying
 * as one in {@code member_id}. Each pattern is a regular expression whose first capturing group is
 * a member id; every match is replaced by the pseudonym of what the group captured.
 */
public final class UrlMemberIds implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Common conventions: profile paths ({@code /u/ID}, {@code /users/ID}, {@code /members/ID},
   * {@code /profile/ID}) and referral or member query parameters ({@code ref=ID}, {@code
   * member=ID}, {@code member_id=ID}, {@code user=ID}, {@code uid=ID}).
   */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          "/(?:u|users|members|profile|profiles)/([^/?#]+)",
          "[?&](?:ref|member|member_id|user|uid)=([^&#]+)");

  private final List<String> patterns;
  private transient List<Pattern> compiled;

  public UrlMemberIds(List<String> patterns) {
    for (String pattern : patterns) {
      check(pattern);
    }
    this.patterns = List.copyOf(patterns);
  }

  /** Fails with a message naming the pattern when it does not compile or captures nothing. */
  public static void check(String pattern) {
    Pattern p;
    try {
      p = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a regular expression: " + e.getDescription());
    }
    if (p.matcher("").groupCount() < 1) {
      throw new IllegalArgumentException(
          "'" + pattern + "' has no capturing group: put the member id in ( )");
    }
  }

  /** The patterns, as configured. */
  public List<String> patterns() {
    return patterns;
  }

  /** {@code url} with every member id the patterns find replaced; null stays null. */
  public String rewrite(String url, UnaryOperator<String> pseudonym) {
    if (url == null || url.isEmpty()) {
      return url;
    }
    String result = url;
    for (Pattern pattern : compiled()) {
      Matcher m = pattern.matcher(result);
      StringBuilder out = new StringBuilder(result.length());
      int copied = 0;
      while (m.find()) {
        if (m.group(1) == null || m.group(1).isEmpty()) {
          continue;
        }
        out.append(result, copied, m.start(1)).append(pseudonym.apply(m.group(1)));
        copied = m.end(1);
      }
      if (copied > 0) {
        out.append(result, copied, result.length());
        result = out.toString();
      }
    }
    return result;
  }

  private List<Pattern> compiled() {
    if (compiled == null) {
      List<Pattern> list = new ArrayList<>(patterns.size());
      patterns.forEach(p -> list.add(Pattern.compile(p)));
      compiled = list;
    }
    return compiled;
  }
}
