/**
 * OpenLineage events (spec 2-0-x): validation against the bundled official JSON schemas ({@link
 * OpenLineageValidator}), the stored envelope ({@link OpenLineageEvents}) and the mapping to the
 * PROV graph ({@link OpenLineageProjector}). Pure: no storage or network. See docs/OPENLINEAGE.md.
 */
@NullMarked
package dev.custody.ingest.openlineage;

import org.jspecify.annotations.NullMarked;
