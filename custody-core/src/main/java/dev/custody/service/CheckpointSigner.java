package dev.custody.service;

/** Signs checkpoints of this log. Implementations must be thread safe. */
public interface CheckpointSigner {
  /** The checkpoint origin line, which is also the signing key's name. */
  String origin();

  /** The C2SP signed-note verifier key: {@code <name>+<hex key hash>+<base64 key>}. */
  String verifierKey();

  /** The complete signed note of the checkpoint at {@code size} with root {@code rootHash}. */
  String sign(long size, byte[] rootHash);
}
