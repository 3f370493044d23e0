package dev.custody.bench;

import dev.custody.model.CanonicalRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic, distinct provenance records of about 500 bytes (a build attestation: subject, builder,
 * source, a material, timestamps), written directly in RFC 8785 canonical form (members sorted, no
 * whitespace, no escapes, integers only) so that generating them costs no canonicalization. {@code
 * BenchSupport.checkCanonical} confirms the form against {@code RecordParser}.
 *
 * <p>Record {@code seq} of a factory with salt {@code s} is the same on every run; two factories
 * with different salts never produce the same record. Not thread safe.
 */
public final class RecordFactory {
  private static final HexFormat HEX = HexFormat.of();

  private final long salt;

  public RecordFactory(long salt) {
    this.salt = salt;
  }

  /** The canonical JSON text of record {@code seq}. */
  public String json(long seq) {
    SplittableRandom r = new SplittableRandom(salt * 0x9E3779B97F4A7C15L + seq);
    int team = r.nextInt(64);
    int svc = r.nextInt(500);
    long started = 1_760_000_000_000L + seq * 37;
    return "{\"builder\":{\"id\":\"https://ci.example.com/runners/linux-amd64-"
        + r.nextInt(32)
        + "\"},\"invocation\":{\"configSource\":{\"uri\":\"git+https://git.example.com/team-"
        + team
        + "/service-"
        + svc
        + "@refs/heads/main\"}},\"materials\":[{\"uri\":\"pkg:maven/com.example/lib-"
        + r.nextInt(1000)
        + "@1."
        + r.nextInt(50)
        + ".0\"}],\"metadata\":{\"finished\":"
        + (started + 1000 + r.nextInt(600_000))
        + ",\"salt\":"
        + salt
        + ",\"seq\":"
        + seq
        + ",\"started\":"
        + started
        + "},\"subject\":{\"digest\":{\"sha256\":\""
        + hex(r, 32)
        + "\"},\"name\":\"registry.example.com/team-"
        + team
        + "/service-"
        + svc
        + "\"},\"type\":\"https://slsa.dev/provenance/v1\"}";
  }

  public CanonicalRecord record(long seq) {
    return CanonicalRecord.of(json(seq).getBytes(StandardCharsets.UTF_8));
  }

  /** Records {@code from .. from + count - 1}. */
  public List<CanonicalRecord> batch(long from, int count) {
    List<CanonicalRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(record(from + i));
    }
    return out;
  }

  /** A JSON array of records {@code from .. from + count - 1}, as a request body. */
  public byte[] arrayBody(long from, int count) {
    StringBuilder sb = new StringBuilder(count * 600);
    sb.append('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(json(from + i));
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(SplittableRandom r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return HEX.formatHex(b);
  }
}
