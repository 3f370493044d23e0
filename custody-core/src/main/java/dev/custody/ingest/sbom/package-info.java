/**
 * SBOMs (issue 5): CycloneDX 1.2 to 1.6 (JSON and XML) and SPDX 2.2/2.3 (JSON), detected and
 * validated with the ecosystems' own libraries ({@link SbomParser}: cyclonedx-core-java's schemas,
 * the SPDX Java library's reader and {@code verify()}), stored as one self-describing record
 * ({@link SbomRecords}) and mapped to the PROV graph ({@link SbomProjector}). Pure: no storage, and
 * no network (the SPDX library is held to its bundled license list). See docs/SBOM.md.
 */
@NullMarked
package dev.custody.ingest.sbom;

import org.jspecify.annotations.NullMarked;
