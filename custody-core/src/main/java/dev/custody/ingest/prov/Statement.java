package dev.custody.ingest.prov;

/** A PROV statement: an {@link Element} or a {@link Relation}. */
public sealed interface Statement permits Element, Relation {
  /** The statement's extra attributes (not its positional arguments). */
  Attributes attributes();
}
