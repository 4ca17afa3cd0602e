package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example definitions under {@code infra/tenancy/examples/} are exactly what the setup writes
 * for their communities, so the examples operators copy never drift from the code. To refresh them:
 * {@code ./pulse setup --dry-run --communities acme-dev,globex-qa --out infra/tenancy/examples}.
 */
class TenancyExamplesTest {

  static final Path EXAMPLES = Path.of("..", "infra", "tenancy", "examples");

  @Test
  void theCommittedExamplesAreWhatTheSetupWrites(@TempDir Path dir) throws IOException {
    List<Tenant> tenants = List.of(new Tenant("acme-dev"), new Tenant("globex-qa"));

    List<Path> written = TenancyDefinitions.write(dir, "", tenants);

    assertThat(relative(EXAMPLES)).containsExactlyInAnyOrderElementsOf(relative(dir));
    assertThat(written).hasSize(1 + 3 * tenants.size());
    for (Path file : written) {
      Path example = EXAMPLES.resolve(dir.relativize(file).toString());
      assertThat(example).as("refresh infra/tenancy/examples (see this test's javadoc)").exists();
      assertThat(Files.readString(example))
          .as(example.toString())
          .isEqualTo(Files.readString(file));
    }
  }

  private static List<String> relative(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString())
          .sorted()
          .toList();
    }
  }
}
