package dev.custody.cli;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden transcripts of {@code custody provenance} and {@code custody impact} against a real server
 * holding a small release: a build of a commit into an image, the image's SBOM (two versions of one
 * library and another library), a deployment of the image and its pod.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImpactTranscriptTest {
  static final String DIGEST = "sha256:" + "e5".repeat(32);
  static final String IMAGE = "ghcr.io/acme/cart@" + DIGEST;

  private static final String RECORDS =
      """
      [{"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
        "time": "2026-11-25T12:00:00Z",
        "nodes": [
          {"id": "git+https://github.com/acme/cart@%1$s", "kind": "entity", "type": "git-commit"},
          {"id": "https://ci.acme.dev/runs/9", "kind": "activity", "type": "build"},
          {"id": "https://ci.acme.dev", "kind": "agent", "type": "ci-system"},
          {"id": "%2$s", "kind": "entity", "type": "container-image"}],
        "relations": [
          {"relation": "used", "subject": "https://ci.acme.dev/runs/9",
           "object": "git+https://github.com/acme/cart@%1$s"},
          {"relation": "wasAssociatedWith", "subject": "https://ci.acme.dev/runs/9",
           "object": "https://ci.acme.dev"},
          {"relation": "wasGeneratedBy", "subject": "%2$s", "object": "https://ci.acme.dev/runs/9"}]},
       {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
        "time": "2026-11-25T12:01:00Z",
        "nodes": [
          {"id": "sha256:%3$s", "kind": "entity", "type": "sbom"},
          {"id": "%2$s", "kind": "entity", "type": "container-image"},
          {"id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "kind": "entity",
           "type": "package"},
          {"id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.2", "kind": "entity",
           "type": "package"}],
        "relations": [
          {"relation": "wasDerivedFrom", "subject": "sha256:%3$s", "object": "%2$s"},
          {"relation": "wasDerivedFrom", "subject": "%2$s",
           "object": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
           "attributes": {"custody:sbom": "sha256:%3$s"}},
          {"relation": "wasDerivedFrom", "subject": "%2$s",
           "object": "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.2",
           "attributes": {"custody:sbom": "sha256:%3$s"}}]},
       {"_type": "https://custody.dev/record/v1", "producer": "https://argocd.acme.dev",
        "time": "2026-11-25T12:10:00Z",
        "nodes": [
          {"id": "https://k8s.acme.dev/deployments/cart/revisions/4", "kind": "activity",
           "type": "deployment"},
          {"id": "https://k8s.acme.dev/pods/cart-1", "kind": "entity", "type": "pod"},
          {"id": "%4$s", "kind": "entity", "type": "container-image"}],
        "relations": [
          {"relation": "used", "subject": "https://k8s.acme.dev/deployments/cart/revisions/4",
           "object": "%4$s"},
          {"relation": "wasGeneratedBy", "subject": "https://k8s.acme.dev/pods/cart-1",
           "object": "https://k8s.acme.dev/deployments/cart/revisions/4"}]}]
      """
          .formatted("f6".repeat(20), IMAGE, "a7".repeat(32), DIGEST);

  @TempDir static Path tmp;
  static ServerProcess server;
  static Transcript cli;
  static String url;

  @BeforeAll
  static void ingest() throws Exception {
    // The fixture's claimed times are fixed dates: with the default (24h), a run a day after them
    // marked every record a backfill, and the transcripts changed with the date they ran on.
    server =
        ServerProcess.start(
            tmp.resolve("data"), tmp.resolve("server.log"), "--backfill-after", "36500d");
    url = server.baseUrl();
    cli = new Transcript().mask(tmp.toString(), "<tmp>").mask(url, "<url>");
    Path in = tmp.resolve("release.json");
    Files.writeString(in, RECORDS, StandardCharsets.UTF_8);
    cli.run("ingest", "--url", url, "--quiet", in.toString());
    new LogClient(url)
        .awaitCheckpoint(
            LogClient.verifierKey(tmp.resolve("data")), c -> c.size() == 3, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private String run(String... args) {
    return cli.run(args).transcript();
  }

  @Test
  @Order(1)
  void provenanceOfAnImageByItsBareDigest() throws Exception {
    Transcript.assertGolden("provenance", run("provenance", "--url", url, DIGEST));
  }

  @Test
  @Order(1)
  void impactOfAVersionRange() throws Exception {
    Transcript.assertGolden(
        "impact-range",
        run(
            "impact",
            "--url",
            url,
            "pkg:maven/org.apache.logging.log4j/log4j-core",
            "vers:maven/>=2.0.0|<2.17.0"));
  }

  @Test
  @Order(1)
  void impactAsOfBeforeTheDeployment() throws Exception {
    Transcript.assertGolden(
        "impact-as-of",
        run(
            "impact",
            "--url",
            url,
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.2",
            "--as-of",
            "2"));
  }

  @Test
  @Order(1)
  void aBadRangeNamesTheField() throws Exception {
    Transcript.assertGolden(
        "impact-bad-range",
        run(
            "impact",
            "--url",
            url,
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.2",
            "vers:maven/>=2.0.0"));
  }

  @Test
  @Order(1)
  void provenanceOfAnUnknownDigest() throws Exception {
    Transcript.assertGolden(
        "provenance-unknown", run("provenance", "--url", url, "sha256:" + "0".repeat(64)));
  }
}
