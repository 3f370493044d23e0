package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and inflating request bodies: whatever the stated size, all bytes, and the cap holds. */
class OpenLineageBodyTest {
  private static final byte[] BODY = body(5_000);

  @ParameterizedTest(name = "hint {0}")
  @ValueSource(ints = {0, 1, 100, 4_999, 5_000, 5_001, 1 << 20})
  void everyByteIsReadWhateverTheHint(int hint) throws Exception {
    assertThat(RequestBodies.readCapped(trickle(BODY), hint, 10_000)).isEqualTo(BODY);
  }

  @ParameterizedTest(name = "hint {0}")
  @ValueSource(ints = {1, 4_000, 5_000, 1 << 20})
  void aBodyOverTheCapIsReadOnlyToOneByteBeyondIt(int hint) throws Exception {
    byte[] read = RequestBodies.readCapped(trickle(BODY), hint, 4_000);

    assertThat(read).hasSize(4_001).isEqualTo(Arrays.copyOf(BODY, 4_001));
  }

  @ParameterizedTest(name = "trailer states {0} bytes")
  @ValueSource(ints = {0, 7, 4_999, 5_000, 5_001, Integer.MAX_VALUE})
  void gzipIsInflatedWhateverItsTrailerStates(int stated) throws Exception {
    byte[] gz = gzip(BODY);
    for (int i = 0; i < 4; i++) {
      gz[gz.length - 4 + i] = (byte) (stated >>> (8 * i));
    }
    // The trailer's size is checked by GZIPInputStream: a false one is bad gzip, never a short
    // read.
    if (stated == BODY.length) {
      assertThat(OpenLineageRoutes.decode("gzip", gz, 10_000)).isEqualTo(BODY);
    } else {
      assertThatThrownBy(() -> OpenLineageRoutes.decode("gzip", gz, 10_000))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not valid gzip");
    }
  }

  @ParameterizedTest(name = "cap {0}")
  @ValueSource(ints = {1, 4_999})
  void inflatedBodiesOverTheCapAre413(int cap) {
    assertThatThrownBy(() -> OpenLineageRoutes.decode("gzip", gzip(BODY), cap))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  /** A stream that hands out at most 7 bytes a read, as a socket may. */
  private static InputStream trickle(byte[] b) {
    return new ByteArrayInputStream(b) {
      @Override
      public synchronized int read(byte[] out, int off, int len) {
        return super.read(out, off, Math.min(len, 7));
      }
    };
  }

  private static byte[] body(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + (i * 31 % 26));
    }
    return b;
  }

  private static byte[] gzip(byte[] in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(in);
    }
    return out.toByteArray();
  }
}
