/**
 * W3C PROV-JSON: an immutable PROV document model, a reader, a writer and semantic comparison. Pure
 * code, no storage and no network: bytes in, {@link dev.custody.ingest.prov.ProvDocument} out, and
 * back.
 *
 * <p>Entry points: {@link dev.custody.ingest.prov.ProvJsonReader#read(byte[])}, {@link
 * dev.custody.ingest.prov.ProvJsonWriter#write(ProvDocument)} and {@link
 * dev.custody.ingest.prov.ProvDocument#semanticallyEquals(ProvDocument)}; {@link
 * dev.custody.ingest.prov.ProvProjector} maps a document onto Custody's graph model.
 *
 * <p><b>Why our own mapping on Jackson.</b> ProvToolbox ({@code org.openprovenance.prov}), the Java
 * reference library, cannot be used from Maven Central: 2.2.2, 2.1.0 and 1.0.0 do not resolve
 * (their parent POM is missing), 2.2.1's PROV-JSON reader only reads documents whose {@code prefix}
 * member comes first (25 of the 185 real documents in our test data), and 0.9.27 is frozen since
 * 2022. PROV-JSON is a small format (W3C Member Submission, 2013, with PROV-DM as the model), so a
 * mapping on Jackson, which Custody already depends on, costs little and is tested against every
 * real PROV-JSON document in {@code testdata/prov}.
 *
 * <p><b>What the mapping covers.</b> Namespace declarations ({@code prefix}, including {@code
 * default}) at document and bundle level; entity, activity (with {@code prov:startTime} and {@code
 * prov:endTime}) and agent; every PROV-DM relation PROV-JSON has (wasGeneratedBy, used,
 * wasInformedBy, wasStartedBy, wasEndedBy, wasInvalidatedBy, wasDerivedFrom with its Revision,
 * Quotation and PrimarySource subtypes as {@code prov:type}, wasAttributedTo, wasAssociatedWith
 * with {@code prov:plan}, actedOnBehalfOf, wasInfluencedBy, alternateOf, specializationOf,
 * hadMember, mentionOf) with optional identifiers, times and attributes; named bundles; attribute
 * values as bare strings, numbers and booleans, typed literals, language-tagged strings, qualified
 * names, and several values per attribute (JSON arrays); several records under one identifier (a
 * JSON array of records), kept as separate statements.
 *
 * <p><b>What it does not do.</b> It does not check PROV-CONSTRAINTS: it neither unifies nor
 * validates (two activities with one identifier and different start times are read as written). It
 * does not check that the lexical form of a typed literal fits its datatype, except for {@code
 * xsd:dateTime}. It does not read PROV-JSONLD, PROV-N, PROV-XML or PROV-O (they are refused with a
 * message saying so). Blank element identifiers compare by label, without graph isomorphism.
 * Bundles do not nest (PROV-DM does not allow it). A relation missing an argument PROV-DM requires
 * (both ends of wasDerivedFrom, wasAttributedTo, wasInformedBy, wasInfluencedBy, …) is refused,
 * although the Python prov library's fixtures include six such documents: a relation with only one
 * end cannot be followed. Names are not resolved against the PROV namespace's vocabulary: an
 * unknown {@code prov:} attribute is kept as an attribute.
 */
@NullMarked
package dev.custody.ingest.prov;

import org.jspecify.annotations.NullMarked;
