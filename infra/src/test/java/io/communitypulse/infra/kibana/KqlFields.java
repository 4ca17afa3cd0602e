package io.communitypulse.infra.kibana;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field names a KQL query compares ({@code level : "creator"}, {@code not member_id : *},
 * {@code "d28.posts" >= 3}): every word or quoted string followed by {@code :} or a range operator.
 * Quoted values are skipped whole, so a colon inside one ({@code url : "https://x"}) is not
 * mistaken for a field.
 */
final class KqlFields {

  private static final Pattern TOKEN =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z_@][\\w.@]*");
  private static final Pattern OPERATOR = Pattern.compile("\\s*(?::|<=|>=|<|>)");

  private KqlFields() {}

  static Set<String> in(String kql) {
    Set<String> fields = new LinkedHashSet<>();
    Matcher token = TOKEN.matcher(kql);
    while (token.find()) {
      Matcher operator = OPERATOR.matcher(kql).region(token.end(), kql.length());
      if (operator.lookingAt()) {
        String name = token.group();
        fields.add(name.startsWith("\"") ? name.substring(1, name.length() - 1) : name);
      }
    }
    return fields;
  }
}
