/**
 * Helpers for the CLI's end-to-end tests: a {@code custody serve} child process that can be killed,
 * and a small HTTP client for its API.
 */
@NullMarked
package dev.custody.cli.testing;

import org.jspecify.annotations.NullMarked;
