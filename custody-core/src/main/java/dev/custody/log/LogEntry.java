package dev.custody.log;

import dev.custody.error.InvalidInputException;
import dev.custody.model.RecordId;
import java.util.Arrays;

/**
 * The bytes a record contributes to the Merkle log (see docs/LOG-FORMAT.md): one version byte
 * {@code 0x01} followed by the 32-byte SHA-256 digest of the record's RFC 8785 canonical bytes. The
 * entry commits to the record without holding it, so entries stay small and a payload can later be
 * pruned while the log still verifies.
 */
public final class LogEntry {
  /** Version byte of a record entry: SHA-256 over RFC 8785 canonical JSON. */
  public static final byte RECORD_V1 = 0x01;

  /** Length in bytes of a version-1 entry. */
  public static final int SIZE = 33;

  private LogEntry() {}

  /** The entry committing to the record named {@code id}. */
  public static byte[] of(RecordId id) {
    byte[] entry = new byte[SIZE];
    entry[0] = RECORD_V1;
    System.arraycopy(id.digest(), 0, entry, 1, 32);
    return entry;
  }

  /** The RFC 6962 leaf hash of the entry committing to {@code id}. */
  public static byte[] leafHash(RecordId id) {
    return Rfc6962.leafHash(of(id));
  }

  /** The record id an entry commits to; refuses anything that is not a version-1 entry. */
  public static RecordId recordId(byte[] entry) {
    if (entry.length != SIZE || entry[0] != RECORD_V1) {
      throw InvalidInputException.badRequest(
          "entry", "not a version-1 Custody log entry (" + entry.length + " bytes)");
    }
    return RecordId.ofDigest(Arrays.copyOfRange(entry, 1, SIZE));
  }
}
