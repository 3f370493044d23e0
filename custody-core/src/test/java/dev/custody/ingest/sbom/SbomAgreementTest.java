package dev.custody.ingest.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.model.PayloadSource;
import dev.custody.model.ProvRecord;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every file under {@code testdata/sbom} gets the outcome its MANIFEST.md states: the upstream
 * schema tests marked schema-INVALID are refused (with the reason), every other file is accepted,
 * stored and projected. The table is written to {@code target/sbom-agreement.md}; any disagreement
 * fails.
 */
class SbomAgreementTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|.*\\| ([^|]*) \\|\\s*$");

  /** File (relative to testdata/sbom) to the MANIFEST's "what it is / expected conclusion". */
  static Map<String, String> manifest() throws IOException {
    List<String> lines =
        Files.readAllLines(TestData.resolve("MANIFEST.md"), StandardCharsets.UTF_8);
    Map<String, String> out = new LinkedHashMap<>();
    boolean in = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        in = line.startsWith("## sbom/");
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (in && m.matches()) {
        out.put(m.group(1), m.group(2).trim());
      }
    }
    return out;
  }

  static boolean mustRefuse(String conclusion) {
    return conclusion.contains("INVALID") || conclusion.contains("MUST FAIL");
  }

  @Test
  void everySbomFileGetsTheOutcomeItsManifestStates() throws IOException {
    Map<String, String> manifest = manifest();
    List<Path> files;
    try (var s = Files.walk(TestData.resolve("sbom"))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).hasSize(manifest.size());
    SbomParser parser = new SbomParser();
    ProvenanceReader reader = new ProvenanceReader();
    StringBuilder table =
        new StringBuilder(
            "# SBOM agreement with testdata/sbom/MANIFEST.md\n\n"
                + "| file | MANIFEST expects | Custody concluded | format | detail | agrees |\n"
                + "|---|---|---|---|---|---|\n");
    List<String> disagreements = new ArrayList<>();
    for (Path f : files) {
      String rel = TestData.resolve("sbom").relativize(f).toString();
      String conclusion = manifest.get(rel);
      assertThat(conclusion).as("MANIFEST row for " + rel).isNotNull();
      boolean expectRefused = mustRefuse(conclusion);
      String outcome;
      String format = "";
      String detail;
      try {
        SbomParser.Parsed p = parser.parse(Files.readAllBytes(f));
        SbomRecords.Envelope e = SbomRecords.envelope(p, null);
        Optional<ProvRecord> prov =
            reader.read(e.record().canonical(), PayloadSource.of(e.payload()));
        format = p.format().label() + " " + p.specVersion();
        outcome = "accepted";
        detail =
            prov.orElseThrow().nodes().size() + " nodes, " + prov.get().edges().size() + " edges";
      } catch (InvalidInputException e) {
        outcome = "refused";
        detail = "`" + e.field() + "` " + e.detail();
      }
      boolean agrees = outcome.equals(expectRefused ? "refused" : "accepted");
      if (!agrees) {
        disagreements.add(rel + ": " + outcome + " (" + detail + ")");
      }
      table
          .append("| ")
          .append(rel)
          .append(" | ")
          .append(expectRefused ? "refused" : "accepted")
          .append(" | ")
          .append(outcome)
          .append(" | ")
          .append(format)
          .append(" | ")
          .append(detail.replace("|", "\\|").replace("\n", " "))
          .append(" | ")
          .append(agrees ? "yes" : "**NO**")
          .append(" |\n");
    }
    int agreed = files.size() - disagreements.size();
    table
        .append("\n")
        .append(agreed)
        .append(" of ")
        .append(files.size())
        .append(" files agree (")
        .append(String.format(java.util.Locale.ROOT, "%.1f", 100.0 * agreed / files.size()))
        .append("%).\n");
    Path out = Path.of("target", "sbom-agreement.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table.toString(), StandardCharsets.UTF_8);
    // Also in the test report (surefire keeps a test's standard output).
    System.out.println(table);
    assertThat(disagreements).as("files whose outcome disagrees with MANIFEST.md").isEmpty();
  }
}
