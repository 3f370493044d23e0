/** Custody's error hierarchy: invalid input, verification failure, internal error. */
@NullMarked
package dev.custody.error;

import org.jspecify.annotations.NullMarked;
