package io.communitypulse.infra.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;

/**
 * The unprivileged user the Elasticsearch node runs as when this JVM runs as root (CI does):
 * Elasticsearch refuses to start as root, so the node is started as {@code nobody} through {@code
 * setpriv}. Developers' machines are not root and run the node as themselves.
 */
final class NodeUser {

  static final String NAME = "nobody";

  private final UserPrincipal principal;
  private final String group;

  private NodeUser(UserPrincipal principal, String group) {
    this.principal = principal;
    this.group = group;
  }

  /** {@code nobody} if this JVM runs as root, otherwise empty (run as ourselves). */
  static Optional<NodeUser> forThisProcess() {
    if (!isRoot()) {
      return Optional.empty();
    }
    try {
      UserPrincipal nobody =
          FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
      return Optional.of(new NodeUser(nobody, primaryGroupOfNobody()));
    } catch (IOException e) {
      throw new InfraStartupException(
          "Running as root, Elasticsearch must run as '"
              + NAME
              + "' but that user cannot be looked up: "
              + e.getMessage(),
          e);
    }
  }

  UserPrincipal principal() {
    return principal;
  }

  /** Prepended to the launcher command: switch user, drop root's groups, give it a usable HOME. */
  List<String> commandPrefix(Path home) {
    return List.of(
        "setpriv", "--reuid=" + NAME, "--regid=" + group, "--clear-groups", "env", "HOME=" + home);
  }

  static boolean isRoot() {
    try {
      // /proc/self belongs to the effective user of this process.
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The numeric primary group of nobody ("nogroup" on Debian, "nobody" elsewhere). */
  private static String primaryGroupOfNobody() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] fields = line.split(":");
        if (fields.length > 3 && fields[0].equals(NAME)) {
          return fields[3];
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "65534";
  }
}
