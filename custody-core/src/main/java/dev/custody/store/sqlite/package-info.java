/** The embedded SQLite (WAL) store: the default backend, needing no setup. */
@NullMarked
package dev.custody.store.sqlite;

import org.jspecify.annotations.NullMarked;
