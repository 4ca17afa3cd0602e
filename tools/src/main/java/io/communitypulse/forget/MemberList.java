package io.communitypulse.forget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --file} of {@code ./pulse forget}: one {@code community/member} per line ({@link
 * MemberRef}), blank lines and lines starting with {@code #} ignored, surrounding white space
 * ignored. A member named twice is forgotten once. One malformed line refuses the whole file, so an
 * operator never sends half a list: every malformed line is reported with its number.
 */
public final class MemberList {

  /** Malformed lines named in one message; more are counted. */
  static final int MAX_REPORTED = 10;

  private MemberList() {}

  /**
   * The members {@code file} names, in file order.
   *
   * @throws MalformedMemberListException when a line is malformed or the file names nobody
   * @throws IOException when the file cannot be read as UTF-8
   */
  public static List<MemberRef> read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * The members {@code lines} name; {@code source} names them in errors.
   *
   * @throws MalformedMemberListException when a line is malformed or the lines name nobody
   */
  public static List<MemberRef> parse(List<String> lines, String source) {
    Set<MemberRef> members = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    int malformed = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        members.add(MemberRef.parse(line));
      } catch (IllegalArgumentException e) {
        malformed++;
        if (problems.size() < MAX_REPORTED) {
          problems.add("line " + (i + 1) + ": " + e.getMessage());
        }
      }
    }
    if (malformed > 0) {
      String more = malformed > problems.size() ? "; and " + (malformed - problems.size()) : "";
      throw new MalformedMemberListException(
          source
              + ": "
              + malformed
              + (malformed == 1 ? " malformed line" : " malformed lines")
              + ", nothing was sent ("
              + String.join("; ", problems)
              + (more.isEmpty() ? "" : more + " more")
              + ")");
    }
    if (members.isEmpty()) {
      throw new MalformedMemberListException(
          source + ": names no member (one community/member per line), nothing was sent");
    }
    return List.copyOf(members);
  }

  /** A member list that cannot be used as a whole; the message names every line at fault. */
  public static final class MalformedMemberListException extends IllegalArgumentException {
    MalformedMemberListException(String message) {
      super(message);
    }
  }
}
