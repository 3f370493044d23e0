package dev.custody.service;

import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.log.note.SignedCheckpoint;

/** Signs checkpoints with the log's Ed25519 key; the key's name is the checkpoint origin. */
public final class Ed25519CheckpointSigner implements CheckpointSigner {
  private final Ed25519NoteSigner signer;

  public Ed25519CheckpointSigner(Ed25519NoteSigner signer) {
    this.signer = signer;
  }

  @Override
  public String origin() {
    return signer.name();
  }

  @Override
  public String verifierKey() {
    return signer.verifierKey();
  }

  @Override
  public String sign(long size, byte[] rootHash) {
    return SignedCheckpoint.sign(new Checkpoint(signer.name(), size, rootHash), signer);
  }
}
