package dev.custody.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {
  private static final String H64 = "a".repeat(64);
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sha256:"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + " | sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | DIGEST",
        "SHA1:0123456789ABCDEF0123456789ABCDEF01234567"
            + " | sha1:0123456789abcdef0123456789abcdef01234567 | DIGEST",
        "pkg:maven/org.foo/bar@1.2.3 | pkg:maven/org.foo/bar@1.2.3 | PURL",
        "pkg:npm/%40angular/core@16.0.0 | pkg:npm/%40angular/core@16.0.0 | PURL",
        "pkg:PYPI/Django@4.2 | pkg:pypi/django@4.2 | PURL",
        "git+https://github.com/Org/Repo.git@0123456789ABCDEF0123456789abcdef01234567"
            + " | git+https://github.com/Org/Repo@0123456789abcdef0123456789abcdef01234567 | GIT",
        "git+ssh://git@GitHub.com/org/repo/@0123456789abcdef0123456789abcdef01234567"
            + " | git+https://github.com/org/repo@0123456789abcdef0123456789abcdef01234567 | GIT",
        "git+git@github.com:org/repo.git@0123456789abcdef0123456789abcdef01234567"
            + " | git+https://github.com/org/repo@0123456789abcdef0123456789abcdef01234567 | GIT",
        "git+https://user:token@gitlab.example:443/g/r@0123456789abcdef0123456789abcdef01234567"
            + " | git+https://gitlab.example/g/r@0123456789abcdef0123456789abcdef01234567 | GIT",
        "dataset:postgres://db:5432:public.orders | dataset:postgres://db:5432:public.orders | DATASET",
        "job:airflow:etl.daily | job:airflow:etl.daily | JOB",
        "run:3F2504E0-4F89-11D3-9A0C-0305E82C3301 | run:3f2504e0-4f89-11d3-9a0c-0305e82c3301 | RUN",
        "HTTPS://example.com/Thing | https://example.com/Thing | IRI",
        "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66 | urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66 | IRI",
      })
  void idsAreNormalized(String raw, String normal, NodeId.Scheme scheme) {
    NodeId id = NodeId.parse(raw, "id");
    assertThat(id.toString()).isEqualTo(normal);
    assertThat(id.scheme()).isEqualTo(scheme);
  }

  @Test
  void theSameThingFromTwoSourcesIsOneId() {
    assertThat(NodeId.parse("git+git@github.com:org/repo.git@" + SHA, "a"))
        .isEqualTo(NodeId.parse("git+https://github.com/org/repo@" + SHA, "b"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "nginx, docker.io/library/nginx",
    "library/nginx:1.25, docker.io/library/nginx",
    "ghcr.io/org/app:v1, ghcr.io/org/app",
    "localhost:5000/app, localhost:5000/app",
    "Registry.Example.com:5000/team/app, registry.example.com:5000/team/app",
  })
  void imagesByDigestNormalizeLikeDockerAndAliasTheDigest(String ref, String repo) {
    NodeId id = NodeId.parse(ref + "@sha256:" + H64.toUpperCase(), "image");
    assertThat(id.scheme()).isEqualTo(NodeId.Scheme.IMAGE);
    assertThat(id.toString()).isEqualTo(repo + "@sha256:" + H64);
    assertThat(id.digestAlias()).contains(NodeId.parse("sha256:" + H64, "d"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no-scheme",
        "sha256:abc",
        "sha256:gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "md4:abcd",
        "pkg:",
        "pkg:maven",
        "git+https://github.com/org/repo@abc123",
        "git+https://github.com/org/repo",
        "run:not-a-uuid",
        "dataset:onlyone",
        "job:ns:",
        "https://exa mple.com",
        "urn:x\ty",
      })
  void malformedIdsAreRefusedNamingTheField(String raw) {
    assertThatThrownBy(() -> NodeId.parse(raw, "/nodes/0/id"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("/nodes/0/id"));
  }

  @Test
  void onlyImagesHaveADigestAlias() {
    assertThat(NodeId.parse("sha256:" + H64, "d").digestAlias()).isEmpty();
  }
}
