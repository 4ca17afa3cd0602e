package io.communitypulse.infra.local;

import java.util.Optional;

/**
 * Reads the few knobs of the local runtime (such as {@code PULSE_INFRA} or {@code
 * PULSE_ES_JAVA_HOME}) from a system property of that exact name first, then from the environment
 * variable, so a build can pass {@code -DPULSE_INFRA=local} and a shell can export it.
 */
final class InfraSettings {

  private InfraSettings() {}

  /** The non-blank value of {@code name} as a system property, else as an environment variable. */
  static Optional<String> get(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
