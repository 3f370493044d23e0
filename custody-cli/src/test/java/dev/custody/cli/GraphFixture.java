package dev.custody.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small release as native records, posted through a real server: CI builds a commit into an
 * image, a controller deploys the image by bare digest and the deployment generates a pod, then a
 * second build restates the image's name. Enough to fill every graph table, with an alias, a
 * restated node, attributes, edge times and two producers; the controller's clock says the image
 * was used ten minutes before CI generated it, so the deploy record is flagged for causality.
 */
final class GraphFixture {
  static final String DIGEST = "sha256:" + "c3".repeat(32);
  static final String IMAGE = "ghcr.io/acme/api@" + DIGEST;

  private static final String BUILD =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
       "time": "2026-11-25T12:00:00Z",
       "nodes": [
         {"id": "git+https://github.com/acme/api@%s", "kind": "entity", "type": "git-commit",
          "attributes": {"branch": "main"}},
         {"id": "https://ci.acme.dev/runs/7", "kind": "activity", "type": "build",
          "startedAt": "2026-11-25T11:55:00Z", "endedAt": "2026-11-25T12:00:00Z"},
         {"id": "%s", "kind": "entity", "type": "container-image", "name": "api"}],
       "relations": [
         {"relation": "used", "subject": "https://ci.acme.dev/runs/7",
          "object": "git+https://github.com/acme/api@%s",
          "attributes": {"role": "source", "checkout": {"depth": 1}}},
         {"relation": "wasGeneratedBy", "subject": "%s", "object": "https://ci.acme.dev/runs/7"}]}
      """
          .formatted("d4".repeat(20), IMAGE, "d4".repeat(20), IMAGE);

  private static final String DEPLOY =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "https://k8s.acme.dev/controller",
       "time": "2026-11-25T12:10:00Z",
       "nodes": [
         {"id": "https://k8s.acme.dev/deployments/api/revisions/3", "kind": "activity"},
         {"id": "%s", "kind": "entity", "type": "container-image"},
         {"id": "https://k8s.acme.dev/pods/api-1", "kind": "entity", "type": "pod",
          "attributes": {"namespace": "shop"}}],
       "relations": [
         {"relation": "used", "subject": "https://k8s.acme.dev/deployments/api/revisions/3",
          "object": "%s", "time": "2026-11-25T11:50:00Z"},
         {"relation": "wasGeneratedBy", "subject": "https://k8s.acme.dev/pods/api-1",
          "object": "https://k8s.acme.dev/deployments/api/revisions/3",
          "time": "2026-11-25T12:11:00Z"}]}
      """
          .formatted(DIGEST, DIGEST);

  private static final String RENAME =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
       "time": "2026-11-25T13:00:00Z",
       "nodes": [{"id": "%s", "kind": "entity", "name": "api-server",
                  "attributes": {"size": 1234}}]}
      """
          .formatted(IMAGE);

  /** Request bodies in the order to post them; an opaque record sits between native ones. */
  static List<byte[]> requests() {
    return List.of(
        bytes(BUILD), bytes("{\"note\":\"not provenance\"}"), bytes(DEPLOY), bytes(RENAME));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private GraphFixture() {}
}
