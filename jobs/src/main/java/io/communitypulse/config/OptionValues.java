package io.communitypulse.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Reads one option and checks its range; a wrong value fails with a message naming its key. */
final class OptionValues {

  private OptionValues() {}

  static Duration positive(Configuration conf, ConfigOption<Duration> option) {
    Duration value = conf.get(option);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(option.key() + " must be positive, was " + value);
    }
    return value;
  }

  static Duration notNegative(Configuration conf, ConfigOption<Duration> option) {
    Duration value = conf.get(option);
    if (value.isNegative()) {
      throw new InvalidConfigException(option.key() + " must not be negative, was " + value);
    }
    return value;
  }

  static int atLeastOne(Configuration conf, ConfigOption<Integer> option) {
    int value = conf.get(option);
    if (value < 1) {
      throw new InvalidConfigException(option.key() + " must be at least 1, was " + value);
    }
    return value;
  }

  /** A number inside a map or list option, e.g. a weight. */
  static double number(ConfigOption<?> option, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(option.key() + ": '" + value + "' is not a number");
    }
  }
}
