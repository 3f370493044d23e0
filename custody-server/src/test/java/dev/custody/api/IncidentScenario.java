package dev.custody.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An incident as native records: pod checkout-7f9 returns 500s. CI built commit {@link #COMMIT}
 * into image {@link #IMAGE}; the deploy controller rolled out {@link #DEPLOY}, which used the image
 * (Kubernetes reports it by bare digest); the deployment generated pod {@link #POD}.
 */
final class IncidentScenario {
  static final String CI = "https://ci.acme.dev";
  static final String K8S = "https://k8s.acme.dev/controller";
  static final String COMMIT = "git+https://github.com/acme/shop@" + "a1".repeat(20);
  static final String BUILD = "https://ci.acme.dev/runs/1001";
  static final String DIGEST = "sha256:" + "b2".repeat(32);
  static final String IMAGE = "ghcr.io/acme/shop@" + DIGEST;
  static final String DEPLOY = "https://k8s.acme.dev/deployments/checkout/revisions/7";
  static final String POD = "https://k8s.acme.dev/pods/checkout-7f9";

  /** Index 0: CI says the build used the commit and generated the image. */
  static final String BUILD_RECORD =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2026-11-25T12:00:00Z",
       "nodes": [
         {"id": "%s", "kind": "entity", "type": "git-commit", "attributes": {"branch": "main"}},
         {"id": "%s", "kind": "activity", "type": "build",
          "startedAt": "2026-11-25T11:55:00Z", "endedAt": "2026-11-25T12:00:00Z"},
         {"id": "%s", "kind": "entity", "type": "container-image", "name": "shop"}],
       "relations": [
         {"relation": "used", "subject": "%s", "object": "%s"},
         {"relation": "wasGeneratedBy", "subject": "%s", "object": "%s"},
         {"relation": "wasAssociatedWith", "subject": "%s", "object": "%s"}]}
      """
          .formatted(CI, COMMIT, BUILD, IMAGE, BUILD, COMMIT, IMAGE, BUILD, BUILD, CI);

  /** Index 1: the controller says the deployment used the image, named by its bare digest. */
  static final String DEPLOY_RECORD =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2026-11-25T12:10:00Z",
       "nodes": [
         {"id": "%s", "kind": "activity", "type": "deployment"},
         {"id": "%s", "kind": "entity", "type": "container-image"}],
       "relations": [{"relation": "used", "subject": "%s", "object": "%s"}]}
      """
          .formatted(K8S, DEPLOY, DIGEST, DEPLOY, DIGEST);

  /** Index 2: the controller says the deployment generated the pod. */
  static final String POD_RECORD =
      """
      {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2026-11-25T12:11:00Z",
       "nodes": [
         {"id": "%s", "kind": "entity", "type": "pod", "attributes": {"namespace": "shop"}},
         {"id": "%s", "kind": "activity", "type": "deployment"}],
       "relations": [{"relation": "wasGeneratedBy", "subject": "%s", "object": "%s",
                      "time": "2026-11-25T12:11:00Z"}]}
      """
          .formatted(K8S, POD, DEPLOY, POD, DEPLOY);

  private IncidentScenario() {}

  /** Posts the three records in order, each waiting for its checkpoint. */
  static void post(TestServer s) {
    for (String r : new String[] {BUILD_RECORD, DEPLOY_RECORD, POD_RECORD}) {
      int status = s.postJson("/v1/records?wait=checkpoint", r).statusCode();
      if (status != 201) {
        throw new AssertionError("scenario record refused: " + status);
      }
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
