package dev.custody.ingest.openlineage;

import dev.custody.model.CanonicalRecord;
import java.nio.charset.StandardCharsets;

/**
 * How an OpenLineage event is stored in the log: a self-describing envelope {@code {"_type":
 * "https://custody.dev/openlineage/v1", "event": <event>}}, so that {@code custody reindex} knows
 * it for an OpenLineage event from the record alone, and a retried event has the same id.
 */
public final class OpenLineageEvents {
  /** The {@code _type} of a stored OpenLineage event. */
  public static final String TYPE = "https://custody.dev/openlineage/v1";

  private static final byte[] HEAD =
      ("{\"_type\":\"" + TYPE + "\",\"event\":").getBytes(StandardCharsets.UTF_8);

  private OpenLineageEvents() {}

  /**
   * The stored record of a canonical event. RFC 8785 sorts members by code unit and {@code _type}
   * sorts before {@code event}, so the envelope of canonical bytes is canonical as it stands.
   */
  public static CanonicalRecord envelope(CanonicalRecord event) {
    return envelope(event.canonical());
  }

  /** {@link #envelope(CanonicalRecord)} of an event's canonical bytes (whose id is not needed). */
  public static CanonicalRecord envelope(byte[] body) {
    byte[] out = new byte[HEAD.length + body.length + 1];
    System.arraycopy(HEAD, 0, out, 0, HEAD.length);
    System.arraycopy(body, 0, out, HEAD.length, body.length);
    out[out.length - 1] = '}';
    return CanonicalRecord.of(out);
  }
}
