/**
 * The {@code custody} command line: thin picocli commands. {@code serve}, {@code verify} and {@code
 * reindex} call the same services as the API; {@code ingest} and the query commands are clients of
 * the HTTP API ({@link dev.custody.cli.ApiClient}).
 */
@NullMarked
package dev.custody.cli;

import org.jspecify.annotations.NullMarked;
