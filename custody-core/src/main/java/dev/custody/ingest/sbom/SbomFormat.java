package dev.custody.ingest.sbom;

/** The SBOM formats Custody reads. */
public enum SbomFormat {
  CYCLONEDX_JSON("cyclonedx-json", "CycloneDX"),
  CYCLONEDX_XML("cyclonedx-xml", "CycloneDX"),
  SPDX_JSON("spdx-json", "SPDX");

  private final String label;
  private final String family;

  SbomFormat(String label, String family) {
    this.label = label;
    this.family = family;
  }

  /** The format as records and answers spell it, e.g. {@code cyclonedx-json}. */
  public String label() {
    return label;
  }

  /** The specification, {@code CycloneDX} or {@code SPDX}. */
  public String family() {
    return family;
  }

  /** The format labelled {@code label}, or null. */
  public static @org.jspecify.annotations.Nullable SbomFormat labelled(String label) {
    for (SbomFormat f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    return null;
  }
}
