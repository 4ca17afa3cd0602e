package io.communitypulse.cli;

import io.communitypulse.simulator.SimulatorSettings;
import picocli.CommandLine.Option;

/**
 * The simulated population, shared by {@code ./pulse simulate} and {@code ./pulse demo}: which
 * seed, how many communities, members and visitors. Unset options keep the command's defaults.
 */
public final class PopulationOptions {

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed (default: " + SimulatorSettings.DEFAULT_SEED + ").")
  Long seed;

  @Option(
      names = "--communities",
      paramLabel = "N",
      description =
          "Number of communities: acme-devs, data-guild, cloud-champions, then generated ones"
              + " (default: "
              + SimulatorSettings.DEFAULT_COMMUNITIES
              + ").")
  Integer communities;

  @Option(
      names = "--members",
      paramLabel = "N",
      description =
          "Registered members per community (default: "
              + SimulatorSettings.DEFAULT_MEMBERS
              + "; demo: "
              + DemoCommand.DEMO_MEMBERS
              + ").")
  Integer members;

  @Option(
      names = "--visitors",
      paramLabel = "N",
      description =
          "Anonymous visitors' devices per community (default: "
              + SimulatorSettings.DEFAULT_VISITORS
              + ").")
  Integer visitors;

  /** {@code base} with every option the user gave; a wrong value is one line. */
  SimulatorSettings applyTo(SimulatorSettings base) {
    try {
      SimulatorSettings s = base;
      if (seed != null) {
        s = s.withSeed(seed);
      }
      if (communities != null) {
        s = s.withCommunities(communities);
      }
      if (members != null) {
        s = s.withMembersPerCommunity(members);
      }
      if (visitors != null) {
        s = s.withVisitorsPerCommunity(visitors);
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("invalid simulation setting: " + e.getMessage());
    }
  }
}
