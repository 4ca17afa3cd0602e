package io.communitypulse.cli;

import io.communitypulse.runtime.EngagementJobMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./pulse run}: the engagement job against existing Kafka and Elasticsearch, in a local
 * mini-cluster; it runs what the job jar's entry point runs on a cluster ({@link
 * EngagementJobMain}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the engagement job against existing Kafka and Elasticsearch (--kafka, --es).")
public final class RunCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    EngagementJobMain.run(options.load());
    return 0;
  }
}
