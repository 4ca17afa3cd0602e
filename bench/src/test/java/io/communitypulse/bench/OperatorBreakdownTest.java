package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorBreakdownTest {

  @Test
  void printsTheBusiestTaskFirstWithAFigurePerSubtask() {
    OperatorBreakdown breakdown =
        new OperatorBreakdown(
            List.of(
                new OperatorBreakdown.Task(
                    "stitch-identity",
                    new double[] {1000, 500},
                    new long[] {0, 0},
                    new long[] {2048, 2048}),
                new OperatorBreakdown.Task(
                    "community-indicators",
                    new double[] {9000, 100},
                    new long[] {0, 0},
                    new long[] {3 * 1048576L, -1})),
            7,
            10_000_000_000L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    breakdown.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "J");

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).contains("wall 10.0 s", "largest checkpoint, number 7");
    assertThat(lines.get(2))
        .contains("9.0 / 0.1", "90% / 1%", "3.0 MiB / -")
        .endsWith("community-indicators");
    assertThat(lines.get(3)).contains("1.0 / 0.5", "2.0 KiB / 2.0 KiB").endsWith("stitch-identity");
  }

  @Test
  void showsStateSizesInReadableUnits() {
    assertThat(OperatorBreakdown.bytes(0)).isEqualTo("0 B");
    assertThat(OperatorBreakdown.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(OperatorBreakdown.bytes(-1)).isEqualTo("-");
  }
}
