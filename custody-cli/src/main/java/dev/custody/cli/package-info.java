/** The {@code custody} command line: thin picocli commands over the same services as the API. */
@NullMarked
package dev.custody.cli;

import org.jspecify.annotations.NullMarked;
