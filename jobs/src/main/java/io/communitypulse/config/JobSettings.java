package io.communitypulse.config;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * How the job runs on its cluster ({@code job.*} options, docs/configuration.md).
 *
 * @param parallelism the parallelism of every operator
 * @param checkpointInterval how often Flink checkpoints (and the sink commits)
 */
public record JobSettings(int parallelism, Duration checkpointInterval) {

  static JobSettings from(Configuration conf) {
    return new JobSettings(
        OptionValues.atLeastOne(conf, PulseOptions.PARALLELISM),
        OptionValues.positive(conf, PulseOptions.CHECKPOINT_INTERVAL));
  }
}
