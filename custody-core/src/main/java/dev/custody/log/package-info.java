/**
 * The append-only Merkle log: RFC 6962 hashing, proofs and their verification, C2SP tiles,
 * checkpoints and signed notes. Pure code: bytes in, verdict out; no storage, no network.
 */
@NullMarked
package dev.custody.log;

import org.jspecify.annotations.NullMarked;
