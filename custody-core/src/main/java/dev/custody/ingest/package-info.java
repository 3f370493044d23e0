/**
 * Capture: turns what producers send into canonical records. This package splits and canonicalizes
 * plain JSON records; one sub-package per format follows.
 */
@NullMarked
package dev.custody.ingest;

import org.jspecify.annotations.NullMarked;
