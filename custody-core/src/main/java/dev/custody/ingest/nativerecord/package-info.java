/**
 * Custody's native record format ({@code "_type": "https://custody.dev/record/v1"}, see
 * docs/RECORDS.md): a few lines a CI job can write by hand, mapped to PROV nodes and relations.
 */
@NullMarked
package dev.custody.ingest.nativerecord;

import org.jspecify.annotations.NullMarked;
