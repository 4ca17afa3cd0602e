package io.communitypulse.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The collector's write keys, minted by {@code ./pulse setup --write-keys FILE}: one random key per
 * community, kept in a file that holds exactly the value of {@code collector.write-keys} ({@code
 * community:key,community:key}), so the collector reads it with {@code
 * PULSE_COLLECTOR_WRITE_KEYS_FILE=FILE} or a Kubernetes secret (docs/producing-events.md, "The HTTP
 * collector"). Running it again keeps the keys already there and mints only the missing ones: a
 * site's key does not change under it. The file is readable by its owner alone.
 */
public final class WriteKeyFile {

  /** 32 random bytes, base64url without padding: 43 characters. */
  private static final int KEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private WriteKeyFile() {}

  /**
   * Adds a key for every community in {@code communities} that {@code file} lacks and writes the
   * file back. Returns the communities that got a new key.
   */
  public static List<String> mint(Path file, List<String> communities) throws IOException {
    Map<String, String> keys = read(file);
    List<String> minted =
        communities.stream().filter(c -> !keys.containsKey(c)).distinct().toList();
    for (String community : minted) {
      keys.put(community, newKey());
    }
    if (!minted.isEmpty() || !Files.exists(file)) {
      write(file, keys);
    }
    return minted;
  }

  /** The keys in {@code file} by community, in file order; empty when there is no file. */
  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return keys;
    }
    for (String entry : Files.readString(file, StandardCharsets.UTF_8).trim().split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0) {
        keys.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
      }
    }
    return keys;
  }

  private static void write(Path file, Map<String, String> keys) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = Files.createTempFile(parent, ".write-keys", ".partial");
    try {
      try {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: its own access rules apply.
      }
      String value =
          keys.entrySet().stream()
              .map(e -> e.getKey() + ":" + e.getValue())
              .collect(Collectors.joining(","));
      Files.writeString(partial, value + "\n", StandardCharsets.UTF_8);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
