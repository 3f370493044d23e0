/**
 * Verification usable without the server: the whole-log check behind {@code custody verify}, over a
 * data directory or a running server. Proofs and signatures come from {@code log}.
 */
@NullMarked
package dev.custody.verify;

import org.jspecify.annotations.NullMarked;
