package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** C2SP tlog-tiles paths: canonical encoding, round trips, and rejection of every other form. */
class TilePathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 000",
    "5, 005",
    "999, 999",
    "1000, x001/000",
    "1234067, x001/x234/067",
    "9223372036854775807, x009/x223/x372/x036/x854/x775/807",
  })
  void indexIsEncodedInZeroPaddedGroups(long index, String encoded) {
    assertThat(TilePath.encodeIndex(index)).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource({
    "0, 1234067, 256, tile/0/x001/x234/067",
    "1, 5, 256, tile/1/005",
    "2, 5, 17, tile/2/005.p/17",
    "63, 0, 255, tile/63/000.p/255",
  })
  void hashTilePathsAreCanonical(int level, long index, int width, String path) {
    assertThat(TilePath.tilePath(level, index, width)).isEqualTo(path);
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource({"1234067, 256, tile/entries/x001/x234/067", "5, 1, tile/entries/005.p/1"})
  void entryBundlePathsAreCanonical(long index, int width, String path) {
    assertThat(TilePath.entriesPath(index, width)).isEqualTo(path);
  }

  @Property(tries = 300)
  void hashTilePathRoundTrips(
      @ForAll @IntRange(min = 0, max = 63) int level,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long index,
      @ForAll @IntRange(min = 1, max = 256) int width) {
    String path = TilePath.tilePath(level, index, width);
    assertThat(TilePath.parse(path.substring("tile/".length())))
        .isEqualTo(new TileCoord(false, level, index, width));
  }

  @Property(tries = 300)
  void entriesPathRoundTrips(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long index,
      @ForAll @IntRange(min = 1, max = 256) int width) {
    TileCoord coord = new TileCoord(true, 0, index, width);
    assertThat(TilePath.parse(coord.path().substring("tile/".length()))).isEqualTo(coord);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing-zero-padding          | 0/5
          two-digit-group               | 0/05
          four-digit-group              | 0/0005
          missing-x-prefix              | 0/001/234
          x-on-last-group               | 0/x001/x234
          uppercase-x                   | 0/X001/234
          leading-zero-group            | 0/x000/005
          too-many-groups               | 0/x001/x001/x001/x001/x001/x001/x001/001
          index-overflows-63-bits       | 0/x009/x223/x372/x036/x854/x775/808
          partial-width-zero            | 0/005.p/0
          partial-width-256             | 0/005.p/256
          partial-width-above-256       | 0/005.p/300
          partial-width-leading-zero    | 0/005.p/08
          partial-width-missing         | 0/005.p/
          partial-marker-without-width  | 0/005.p
          level-64                      | 64/005
          level-leading-zero            | 00/005
          level-negative                | -1/005
          level-not-a-number            | a/005
          missing-index                 | 0
          empty-path                    | ''
          empty-group                   | 0//005
          trailing-slash                | 0/005/
          leading-slash                 | /0/005
          non-ascii-digit               | 0/٠٠٥
          plus-sign-in-group            | 0/+05
          entries-with-level            | entries/0/005
          tile-prefix-not-stripped      | tile/0/005
          """)
  void malformedPathIsRejectedNamingThePathField(String mutation, String path) {
    assertThatThrownBy(() -> TilePath.parse(path))
        .as(mutation)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.field()).isEqualTo("path");
            });
  }
}
