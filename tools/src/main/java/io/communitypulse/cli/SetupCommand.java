package io.communitypulse.cli;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.setup.PulseSetup;
import io.communitypulse.setup.WriteKeyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse setup}: prepares Kafka, Elasticsearch and Kibana for the job and for the
 * communities' marketers (topics, templates, aliases, per-community aliases, roles and spaces,
 * dashboards). Safe to run again; docker-compose runs it once before the job starts.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Creates topics, Elasticsearch templates/indices/aliases, per-community filtered aliases and"
          + " roles, and (with --kibana) the Kibana dashboards plus one space per community.",
      "Idempotent: run it again after adding a community."
    })
public final class SetupCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(
      names = "--kibana",
      paramLabel = "URL",
      description = "Kibana URL; Kibana is skipped without it (env PULSE_KIBANA_URL).")
  String kibana;

  @Option(
      names = "--communities",
      paramLabel = "ID[,ID...]",
      description =
          "Communities that get filtered aliases, a role and a Kibana space"
              + " (env PULSE_TENANCY_COMMUNITIES).")
  String communities;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write the role, space and alias definitions as JSON files under DIR.")
  Path out;

  @Option(
      names = "--write-keys",
      paramLabel = "FILE",
      description =
          "Mints a collector write key for each of --communities that FILE lacks (keeps the others)"
              + " and writes FILE, readable by its owner only, for the collector's"
              + " PULSE_COLLECTOR_WRITE_KEYS_FILE. Contacts nothing.")
  Path writeKeys;

  @Option(
      names = "--dry-run",
      description = "Only write the definitions (needs --out); contact nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    if (kibana != null) {
      options.settings.put(PulseOptions.KIBANA_URL.key(), kibana);
    }
    if (communities != null) {
      options.settings.put(PulseOptions.TENANCY_COMMUNITIES.key(), communities);
    }
    if (dryRun && out == null && writeKeys == null) {
      throw new UserFacingException(
          "--dry-run writes files only: give --out DIR and/or --write-keys FILE");
    }
    PulseConfig config = options.load();
    if (writeKeys != null) {
      if (config.setup().communities().isEmpty()) {
        throw new UserFacingException("--write-keys mints a key per community: give --communities");
      }
      List<String> minted = WriteKeyFile.mint(writeKeys, config.setup().communities());
      System.out.println(
          "setup: write keys in "
              + writeKeys
              + (minted.isEmpty() ? " (none new)" : ", new for " + String.join(", ", minted))
              + "; give the collector PULSE_COLLECTOR_WRITE_KEYS_FILE="
              + writeKeys.toAbsolutePath());
    }
    if (dryRun && out == null) {
      return 0;
    }
    PulseSetup setup = new PulseSetup(config, System.out);
    if (out != null) {
      setup.writeDefinitions(out);
    }
    if (!dryRun) {
      setup.apply();
      System.out.println("setup: done");
    }
    return 0;
  }
}
