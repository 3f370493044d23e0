/** Custody's values: record ids, canonical records, log entries. Plain data, no I/O. */
@NullMarked
package dev.custody.model;

import org.jspecify.annotations.NullMarked;
