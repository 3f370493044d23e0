/**
 * Marquez's view of the OpenLineage part of the graph: jobs and datasets joined by the runs that
 * used and generated them (docs/OPENLINEAGE.md). Reads the store only.
 */
@NullMarked
package dev.custody.query.openlineage;

import org.jspecify.annotations.NullMarked;
