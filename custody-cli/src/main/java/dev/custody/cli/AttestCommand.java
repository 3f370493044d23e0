package dev.custody.cli;

import dev.custody.attest.Attestation;
import dev.custody.attest.AttestationParser;
import dev.custody.attest.AttestationVerifier;
import dev.custody.attest.TrustPolicy;
import dev.custody.attest.Verdict;
import dev.custody.model.NodeId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code custody attest}: attestation tools that need no server. */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = "Attestation tools (offline).",
    subcommands = {AttestCommand.Verify.class})
final class AttestCommand {
  /**
   * {@code custody attest verify FILE}: the server's verifier, offline. Prints each attestation and
   * each check; exit 0 when every attestation verifies, 1 when one does not, 2 for a document that
   * does not parse.
   */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify the attestations in FILE against a trust file and print each check.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Attestation document or JSON Lines file.")
    Path file;

    @Option(names = "--trust", paramLabel = "FILE", description = "Trust file (docs/TRUST.md).")
    Path trust;

    @ArgGroup(exclusive = true)
    Artifact artifact;

    static final class Artifact {
      @Option(
          names = "--artifact",
          paramLabel = "FILE",
          description = "The artifact: its SHA-256 is checked against the subjects.")
      Path file;

      @Option(
          names = "--digest",
          paramLabel = "D",
          description = "The artifact's digest <alg>:<hex>, checked against the subjects.")
      String digest;
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isRegularFile(file)) {
        throw new CliException("no such file: " + file, null, Main.USAGE);
      }
      TrustPolicy policy = trust == null ? TrustPolicy.empty() : TrustPolicy.load(trust);
      String digest = digest();
      List<Attestation> found =
          new AttestationParser(false).readAll(Files.readAllBytes(file), 64 << 20);
      AttestationVerifier verifier = new AttestationVerifier(policy);
      boolean all = true;
      for (Attestation a : found) {
        Verdict v = verifier.verify(a, digest, Clock.systemUTC().instant());
        all &= v.verified();
        out.printf(
            "%s %s%s%s%n",
            v.verified() ? "VERIFIED  " : "UNVERIFIED",
            a.entry().isEmpty() ? "/" : a.entry(),
            " " + a.format().label(),
            a.predicateType() == null ? "" : " " + a.predicateType());
        for (Verdict.Check c : v.checks()) {
          out.printf("  %-7s %s: %s%n", c.outcome().label(), c.name(), c.detail());
        }
        if (v.signer() != null) {
          out.printf("  signer: san %s, issuer %s%n", v.signer().san(), v.signer().issuer());
        }
        if (v.logEntry() != null) {
          Verdict.LogEntry e = v.logEntry();
          out.printf(
              "  log entry: %s index %d, integrated %s, trusted root %s%n",
              e.log(),
              e.logIndex(),
              e.integratedTime() == null ? "-" : e.integratedTime(),
              e.trustedRoot());
        }
        if (!v.verified()) {
          out.printf("  reason: %s%n", v.reason());
        }
      }
      out.flush();
      return all ? 0 : 1;
    }

    private String digest() throws IOException {
      if (artifact == null) {
        return null;
      }
      if (artifact.digest != null) {
        NodeId id = NodeId.parse(artifact.digest, "--digest");
        if (id.scheme() != NodeId.Scheme.DIGEST) {
          throw new CliException("--digest must be <alg>:<hex>", null, Main.USAGE);
        }
        return id.toString();
      }
      try (InputStream in = Files.newInputStream(artifact.file)) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
