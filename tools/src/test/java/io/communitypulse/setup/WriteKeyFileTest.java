package io.communitypulse.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteKeyFileTest {

  @Test
  void mintsAKeyPerCommunityInTheCollectorsFormatReadableByItsOwnerOnly(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("secrets/write-keys");

    List<String> minted = WriteKeyFile.mint(file, List.of("acme-dev", "globex-qa"));

    assertThat(minted).containsExactly("acme-dev", "globex-qa");
    String value = Files.readString(file).trim();
    assertThat(value).matches("acme-dev:[A-Za-z0-9_-]{43},globex-qa:[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Map<String, String> keys = WriteKeyFile.read(file);
    assertThat(keys.get("acme-dev")).isNotEqualTo(keys.get("globex-qa"));
  }

  @Test
  void runningAgainKeepsTheKeysThereAndMintsOnlyForNewCommunities(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("write-keys");
    WriteKeyFile.mint(file, List.of("acme-dev"));
    String acme = WriteKeyFile.read(file).get("acme-dev");

    assertThat(WriteKeyFile.mint(file, List.of("acme-dev"))).isEmpty();
    List<String> minted = WriteKeyFile.mint(file, List.of("acme-dev", "initech"));

    assertThat(minted).containsExactly("initech");
    assertThat(WriteKeyFile.read(file)).containsEntry("acme-dev", acme).containsKey("initech");
  }
}
