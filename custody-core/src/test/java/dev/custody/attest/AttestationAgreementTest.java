package dev.custody.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's agreement table: every file under testdata {@code slsa/}, {@code sigstore/} and {@code
 * dsse/} with what Custody concludes beside what MANIFEST.md states, configured as MANIFEST says
 * (the trusted root, the key, the identity and the artifact it names for each file). Written to
 * {@code target/attestation-agreement.md}; fails unless every row agrees.
 *
 * <p>Outcomes: {@code verified}; {@code fails:<check>} (unverified, the first failing check);
 * {@code refused} (a 400 at parse, naming the member); for files that are not attestations (trusted
 * roots, keys, artifacts, READMEs), {@code loads} when a trusted root or key reads, or {@code
 * support} for data that is only used by other rows.
 */
class AttestationAgreementTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final String CONFORMANCE_SAN =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
          + "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String GHA_ISSUER = "https://token.actions.githubusercontent.com";
  static final String STAGING = "sigstore/trusted_root/trusted_root-staging.json";
  static final String A_TXT = "sigstore/sigstore-java/artifact.txt";

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, TrustPolicy> policies = new HashMap<>();
  private final StringBuilder detail = new StringBuilder();

  /** How MANIFEST says a file is verified: its trusted root, identity and artifact. */
  record Setup(
      String root,
      @Nullable String san,
      @Nullable String sanRegex,
      @Nullable String issuer,
      @Nullable String artifact) {
    static Setup publicGood() {
      return new Setup(SigstoreRoots.PUBLIC_GOOD, null, null, null, null);
    }
  }

  @Test
  void everyTestFileGetsTheOutcomeTheManifestStates() throws IOException {
    List<String[]> rows = new ArrayList<>();
    int agree = 0;
    List<Path> files;
    try (Stream<Path> s =
        Stream.of("dsse", "slsa", "sigstore")
            .flatMap(d -> walk(TestData.resolve(d)))
            .filter(Files::isRegularFile)) {
      files = s.sorted().toList();
    }
    for (Path p : files) {
      String rel = TestData.root().relativize(p).toString().replace('\\', '/');
      detail.setLength(0);
      String got = outcome(rel, p);
      String want = Expectations.expected(rel, p.getFileName().toString());
      boolean ok = want.equals(got);
      agree += ok ? 1 : 0;
      rows.add(new String[] {rel, want, got, ok ? "yes" : "**NO**", detail.toString()});
    }
    String table = table(rows, agree);
    Path out = Path.of("target", "attestation-agreement.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table, StandardCharsets.UTF_8);
    System.out.println(table);
    assertThat(agree).as("agreement with MANIFEST.md, see " + out).isEqualTo(rows.size());
  }

  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String outcome(String rel, Path p) throws IOException {
    String name = p.getFileName().toString();
    if (isTrustedRoot(name)) {
      if (name.endsWith(".jsonl")) {
        return "support";
      }
      return loads(() -> SigstoreRoots.load(p.toString(), Path.of("."), "", List.of()));
    }
    if (isKey(name)) {
      return loads(() -> TrustPolicy.publicKey(Files.readString(p), ""));
    }
    if (!isAttestation(rel, name)) {
      return "support";
    }
    Setup setup = Expectations.setup(rel);
    TrustPolicy trust = policy(setup);
    AttestationVerifier verifier = new AttestationVerifier(trust);
    List<Attestation> found;
    try {
      found = new AttestationParser(false).readAll(Files.readAllBytes(p), 1 << 24);
    } catch (InvalidInputException e) {
      detail.append(e.field()).append(": ").append(e.detail());
      return "refused";
    }
    String digest = setup.artifact() == null ? null : digestOf(setup.artifact());
    List<String> out = new ArrayList<>();
    for (Attestation a : found) {
      Verdict v = verifier.verify(a, digest, NOW);
      out.add(v.verified() ? "verified" : "fails:" + firstFailure(v));
      if (!v.verified() && detail.isEmpty()) {
        detail.append(v.reason());
      }
    }
    return String.join(",", out);
  }

  static boolean isTrustedRoot(String name) {
    return name.startsWith("trusted_root")
        || name.equals("trustedroot.v1.json")
        || name.equals("tsa-trust_config.json");
  }

  static boolean isKey(String name) {
    return name.endsWith(".pem") || name.equals("key.pub") || name.equals("rekor.pub");
  }

  private static boolean isAttestation(String rel, String name) {
    if (name.equals("README") || name.equals("artifact") || name.endsWith(".txt")) {
      return false;
    }
    return !rel.endsWith("ARTIFACT_DIGESTS.json")
        && !rel.contains("signing_config")
        && !rel.endsWith("tsa-trust_config.json")
        && !rel.endsWith("conformance/statement.json")
        && !rel.startsWith("slsa/predicates/");
  }

  private static String firstFailure(Verdict v) {
    return v.checks().stream()
        .filter(c -> c.outcome() == Verdict.Outcome.FAILED)
        .map(Verdict.Check::name)
        .findFirst()
        .orElse("none(" + v.reason() + ")");
  }

  interface Load {
    Object run() throws Exception;
  }

  private static String loads(Load l) {
    try {
      l.run();
      return "loads";
    } catch (Exception e) {
      return "refused";
    }
  }

  private TrustPolicy policy(Setup s) throws IOException {
    String key = s.toString();
    TrustPolicy cached = policies.get(key);
    if (cached != null) {
      return cached;
    }
    ObjectNode root = AttestationVerifierTest.testTrustJson();
    ObjectNode sig = root.putObject("sigstore");
    ArrayNode roots = sig.putArray("trustedRoots");
    for (String name : s.root().split(",")) {
      ObjectNode r = roots.addObject();
      if (name.equals(SigstoreRoots.PUBLIC_GOOD)) {
        r.put("name", SigstoreRoots.PUBLIC_GOOD);
      } else {
        r.put("path", TestData.resolve(name).toString());
      }
      identity(s, r);
    }
    TrustPolicy t = TrustPolicy.parse(json.writeValueAsBytes(root), Path.of("."));
    policies.put(key, t);
    return t;
  }

  private static void identity(Setup s, ObjectNode r) {
    if (s.san() != null || s.sanRegex() != null || s.issuer() != null) {
      ObjectNode id = r.putArray("identities").addObject();
      if (s.san() != null) {
        id.put("san", s.san());
      }
      if (s.sanRegex() != null) {
        id.put("sanRegex", s.sanRegex());
      }
      if (s.issuer() != null) {
        id.put("issuer", s.issuer());
      }
    }
  }

  /** {@code <alg>:<hex>} as given, or of a file ({@code sha384@<file>} for another algorithm). */
  static String digestOf(String artifact) {
    if (artifact.contains(":")) {
      return artifact;
    }
    String alg = "sha256";
    String file = artifact;
    if (artifact.contains("@")) {
      alg = artifact.substring(0, artifact.indexOf('@'));
      file = artifact.substring(artifact.indexOf('@') + 1);
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-" + alg.substring(3))
              .digest(Files.readAllBytes(TestData.resolve(file)));
      return alg + ":" + HexFormat.of().formatHex(d);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shorten(String s) {
    String t = s.replace("|", "\\|").replace("\n", " ");
    return t.length() > 160 ? t.substring(0, 157) + "..." : t;
  }

  private static String table(List<String[]> rows, int agree) {
    StringBuilder b = new StringBuilder();
    b.append("# Attestation verification: agreement with testdata/MANIFEST.md\n\n");
    b.append(
        String.format(
            "%d of %d files agree (%.1f%%).%n%n",
            agree, rows.size(), 100.0 * agree / Math.max(1, rows.size())));
    b.append(
        "| file | MANIFEST expects | Custody | agrees | why (first failure or refusal) |\n"
            + "|---|---|---|---|---|\n");
    for (String[] r : rows) {
      b.append("| `")
          .append(r[0])
          .append("` | ")
          .append(r[1])
          .append(" | ")
          .append(r[2])
          .append(" | ")
          .append(r[3])
          .append(" | ")
          .append(shorten(r[4]))
          .append(" |\n");
    }
    return b.toString();
  }
}
