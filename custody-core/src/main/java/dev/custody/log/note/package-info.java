/**
 * C2SP signed notes and tlog checkpoints: parsing and formatting notes, verifier keys for Ed25519
 * (0x01), ECDSA (0x02) and RFC 6962 tree head (0x05) signatures, an Ed25519 signer, and the
 * checkpoint body format. Pure code: bytes and keys in, verdict out; no storage, no network.
 *
 * <p>Entry points: {@link dev.custody.log.note.Note#parse(byte[])}, {@link
 * dev.custody.log.note.NoteVerifiers#parse(String)}, {@link
 * dev.custody.log.note.Ed25519NoteSigner}, {@link dev.custody.log.note.Checkpoint} and {@link
 * dev.custody.log.note.SignedCheckpoint}.
 */
@NullMarked
package dev.custody.log.note;

import org.jspecify.annotations.NullMarked;
