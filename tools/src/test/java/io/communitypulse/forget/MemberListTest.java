package io.communitypulse.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.forget.MemberList.MalformedMemberListException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberListTest {

  @Test
  void shouldReadOneMemberPerLineSkippingBlankLinesAndComments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("forget.txt");
    Files.writeString(
        file,
        """
        # requests of 2026-12-01
        acme-devs/m-7

          data_guild/alice@example.com \t
        # acme-devs/not-this-one
        acme-devs/m-8
        """);

    assertThat(MemberList.read(file))
        .containsExactly(
            new MemberRef("acme-devs", "m-7"),
            new MemberRef("data_guild", "alice@example.com"),
            new MemberRef("acme-devs", "m-8"));
  }

  @Test
  void shouldTakeEverythingAfterTheFirstSlashAsTheMemberId() {
    assertThat(MemberList.parse(List.of("acme/u/42#top"), "f"))
        .containsExactly(new MemberRef("acme", "u/42#top"));
  }

  @Test
  void shouldForgetAMemberNamedTwiceOnce() {
    assertThat(MemberList.parse(List.of("acme/m-1", "acme/m-2", "acme/m-1"), "f"))
        .containsExactly(new MemberRef("acme", "m-1"), new MemberRef("acme", "m-2"));
  }

  @Test
  void shouldRefuseTheWholeFileNamingEveryMalformedLineByNumber() {
    List<String> lines =
        List.of(
            "acme/m-1",
            "just-a-member",
            "# fine",
            "Acme/m-2",
            "acme/",
            "acme/ m-3",
            "/m-4",
            "acme/m-5");

    assertThatThrownBy(() -> MemberList.parse(lines, "forget.txt"))
        .isInstanceOf(MalformedMemberListException.class)
        .hasMessageStartingWith("forget.txt: 5 malformed lines, nothing was sent (")
        .hasMessageContaining("line 2: 'just-a-member' is not community/member")
        .hasMessageContaining("line 4: community id 'Acme' does not match")
        .hasMessageContaining("line 5: the member id is empty")
        .hasMessageContaining("line 6: member id ' m-3' starts or ends with white space")
        .hasMessageContaining("line 7: community id '' does not match");
  }

  @Test
  void shouldNameTheFirstTenMalformedLinesAndCountTheRest() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      lines.add("bad line " + i);
    }

    assertThatThrownBy(() -> MemberList.parse(lines, "f"))
        .hasMessageStartingWith("f: 13 malformed lines")
        .hasMessageContaining("line 10: ")
        .hasMessageNotContaining("line 11: ")
        .hasMessageEndingWith("; and 3 more)");
  }

  @Test
  void shouldReportASingleMalformedLineInTheSingular() {
    assertThatThrownBy(() -> MemberList.parse(List.of("acme/m-1", "nope"), "f"))
        .hasMessage(
            "f: 1 malformed line, nothing was sent (line 2: 'nope' is not community/member)");
  }

  @Test
  void shouldRefuseAFileThatNamesNobody() {
    assertThatThrownBy(() -> MemberList.parse(List.of("# only a comment", "  "), "f"))
        .isInstanceOf(MalformedMemberListException.class)
        .hasMessage("f: names no member (one community/member per line), nothing was sent");
  }
}
