package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tile widths in a tree of a given size. */
class TileMathTest {

  @ParameterizedTest(name = "size {0}: tile {1}/{2} has width {3}")
  @CsvSource({
    "0, 0, 0, 0",
    "1, 0, 0, 1",
    "255, 0, 0, 255",
    "256, 0, 0, 256",
    "256, 0, 1, 0",
    "256, 1, 0, 1",
    "65537, 0, 256, 1",
    "65537, 1, 0, 256",
    "65537, 1, 1, 0",
    "65537, 2, 0, 1",
    "9223372036854775807, 7, 0, 127",
    "9223372036854775807, 8, 0, 0",
  })
  void widthIsTheNumberOfCompleteNodesInTheTile(long size, int level, long index, int width) {
    assertThat(TileMath.width(size, level, index)).isEqualTo(width);
  }

  @Property(tries = 200)
  void widthsOfALevelAddUpToItsCompleteNodes(
      @ForAll @LongRange(min = 0, max = 5_000_000) long size,
      @ForAll @IntRange(min = 0, max = 3) int level) {
    long nodes = size >>> (8 * level);
    long sum = 0;
    for (long index = 0; index <= nodes / 256; index++) {
      sum += TileMath.width(size, level, index);
    }
    assertThat(sum).isEqualTo(nodes);
  }
}
