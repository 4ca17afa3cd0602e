package io.communitypulse.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {

  @TempDir Path jvms;

  @Test
  void picksFirstJdkOf21OrNewerInNameOrder() throws IOException {
    fakeJdk("a-jdk-17", "\"17.0.15\"");
    fakeFolder("b-no-release");
    Path expected = fakeJdk("c-jdk-21", "\"21.0.2\"");
    fakeJdk("d-jdk-25", "\"25.0.3\"");

    Path found = locator(Map.of(), fakeJdk("current-17", "\"17\"")).locate();

    assertThat(found).isEqualTo(expected);
  }

  @Test
  void prefersJavaHomeWhenItIs21OrNewer() throws IOException {
    fakeJdk("a-jdk-21", "\"21\"");
    Path javaHome = fakeJdk("z-jdk-25", "\"25.0.3\"");

    Path found = locator(Map.of("JAVA_HOME", javaHome.toString()), javaHome).locate();

    assertThat(found).isEqualTo(javaHome);
  }

  @Test
  void skipsJavaHomeOlderThan21() throws IOException {
    Path old = fakeJdk("a-jdk-17", "\"17.0.15\"");
    Path expected = fakeJdk("b-jdk-25", "\"25.0.3\"");

    Path found = locator(Map.of("JAVA_HOME", old.toString()), old).locate();

    assertThat(found).isEqualTo(expected);
  }

  @Test
  void overrideWinsOverEverythingElse() throws IOException {
    fakeJdk("a-jdk-25", "\"25\"");
    Path chosen = fakeJdk("b-jdk-21", "\"21\"");

    Path found = locator(Map.of(JdkLocator.OVERRIDE, chosen.toString()), chosen).locate();

    assertThat(found).isEqualTo(chosen);
  }

  @Test
  void overrideThatIsTooOldFailsInsteadOfLookingElsewhere() throws IOException {
    fakeJdk("a-jdk-25", "\"25\"");
    Path old = fakeJdk("b-jdk-17", "\"17\"");

    assertThatThrownBy(() -> locator(Map.of(JdkLocator.OVERRIDE, old.toString()), old).locate())
        .isInstanceOf(InfraStartupException.class)
        .hasMessageContaining("PULSE_ES_JAVA_HOME=" + old)
        .hasMessageContaining("Java 17");
  }

  @Test
  void reportsOnOneLineWhereItLookedWhenNoJdkIsNewEnough() throws IOException {
    Path old = fakeJdk("jdk-17", "\"17.0.15\"");
    fakeFolder("empty");

    assertThatThrownBy(() -> locator(Map.of("JAVA_HOME", old.toString()), old).locate())
        .isInstanceOf(InfraStartupException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"))
        .hasMessageStartingWith("No JDK 21+ found to run Elasticsearch")
        .hasMessageContaining("JAVA_HOME=" + old + " (Java 17)")
        .hasMessageContaining(jvms + "/* (empty: no release file, jdk-17: Java 17)")
        .hasMessageContaining("java.home=" + old)
        .hasMessageContaining("set PULSE_ES_JAVA_HOME");
  }

  @Test
  void readsFeatureVersionsOfOldAndNewNumbering() {
    assertThat(JdkLocator.parseFeatureVersion("\"25.0.3\"")).hasValue(25);
    assertThat(JdkLocator.parseFeatureVersion("\"21\"")).hasValue(21);
    assertThat(JdkLocator.parseFeatureVersion("\"1.8.0_292\"")).hasValue(8);
    assertThat(JdkLocator.parseFeatureVersion("\"ea\"")).isEqualTo(OptionalInt.empty());
  }

  private JdkLocator locator(Map<String, String> settings, Path currentJavaHome) {
    Function<String, Optional<String>> lookup = name -> Optional.ofNullable(settings.get(name));
    return new JdkLocator(lookup, List.of(jvms, jvms.resolve("missing-root")), currentJavaHome);
  }

  private Path fakeJdk(String name, String javaVersion) throws IOException {
    Path home = fakeFolder(name);
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=" + javaVersion + "\nOS_NAME=\"Linux\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    return home;
  }

  private Path fakeFolder(String name) throws IOException {
    return Files.createDirectories(jvms.resolve(name));
  }
}
