package io.communitypulse.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.flink.shaded.guava33.com.google.common.hash.HashCode;
import org.apache.flink.shaded.guava33.com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

class Hash128Test {

  private static Hash128 hash(String text) {
    return Hash128.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void matchesPublishedMurmur3Values() {
    assertThat(hash("hell").hi).isEqualTo(0x629942693e10f867L);
    assertThat(hash("hell").lo).isEqualTo(0x92db0b82baeb5347L);
    Hash128 fox = hash("The quick brown fox jumps over the lazy dog");
    assertThat(fox.hi).isEqualTo(0xe34bbc7bbc071b6cL);
    assertThat(fox.lo).isEqualTo(0x7a433ca9c49a9347L);
    assertThat(hash("").hi).isZero();
    assertThat(hash("").lo).isZero();
  }

  @Test
  void matchesGuavasMurmur3ForEveryTailLength() {
    Random random = new Random(7);
    for (int length = 0; length <= 80; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      HashCode expected = Hashing.murmur3_128().hashBytes(data);
      ByteBuffer bytes = ByteBuffer.wrap(expected.asBytes()).order(ByteOrder.LITTLE_ENDIAN);

      Hash128 actual = Hash128.of(data);

      assertThat(actual.hi).as("length %d", length).isEqualTo(bytes.getLong(0));
      assertThat(actual.lo).as("length %d", length).isEqualTo(bytes.getLong(8));
    }
  }
}
