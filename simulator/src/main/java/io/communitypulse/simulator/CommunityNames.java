package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids of simulated communities: three fixed ones the docs and demos name, then ids made from
 * word lists by position (not by seed), so {@code --communities 5} always adds the same two.
 */
final class CommunityNames {

  static final List<String> FIXED = List.of("acme-devs", "data-guild", "cloud-champions");

  private static final String[] FIRST = {
    "rust",
    "open",
    "edge",
    "ml",
    "api",
    "devops",
    "design",
    "growth",
    "security",
    "mobile",
    "quantum",
    "green"
  };
  private static final String[] SECOND = {
    "makers", "circle", "crew", "forum", "hub", "lab", "collective", "society", "network", "club"
  };

  private CommunityNames() {}

  /** The first {@code count} community ids. */
  static List<String> first(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(name(i));
    }
    return ids;
  }

  static String name(int index) {
    if (index < FIXED.size()) {
      return FIXED.get(index);
    }
    int j = index - FIXED.size();
    int combos = FIRST.length * SECOND.length;
    String base = FIRST[j % FIRST.length] + "-" + SECOND[(j / FIRST.length) % SECOND.length];
    return j < combos ? base : base + "-" + (j / combos + 1);
  }
}
