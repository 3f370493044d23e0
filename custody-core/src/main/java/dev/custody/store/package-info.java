/**
 * The storage interface. Store-specific SQL lives only in a backend's sub-package ({@code sqlite},
 * later {@code postgres}); everything else talks to {@link dev.custody.store.LogStore}.
 */
@NullMarked
package dev.custody.store;

import org.jspecify.annotations.NullMarked;
