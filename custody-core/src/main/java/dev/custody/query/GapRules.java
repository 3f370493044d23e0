package dev.custody.query;

import dev.custody.model.Kind;
import dev.custody.model.Relation;
import dev.custody.store.LinkCheck;
import dev.custody.store.Sources;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of missing links and coverage, as data: each is a row of a table, not a branch of code,
 * and docs/QUERIES.md lists them. Types are data too: a type no row names is simply not checked by
 * a type-specific rule (an unknown activity type is still checked for an agent).
 */
public final class GapRules {
  /** Entities made by some activity: each should say which (wasGeneratedBy). */
  public static final Set<String> PRODUCED_TYPES =
      Set.of(
          "artifact",
          "binary",
          "package",
          "container-image",
          "source-archive",
          "sbom",
          "attestation",
          "model",
          "report",
          "dataset-version",
          "pod");

  /** Entities that are container images. */
  public static final Set<String> IMAGE_TYPES = Set.of("container-image");

  /** Activities that deploy something. */
  public static final Set<String> DEPLOYMENT_TYPES = Set.of("deployment");

  /**
   * One rule: the gap {@code kind} it reports, the relation whose absence is the gap, and the check
   * the store runs.
   */
  public record Rule(String kind, LinkCheck check) {
    /** The relation whose absence is the gap. */
    public Relation relation() {
      return check.required();
    }
  }

  /** Every rule, in the order answers list their counts. */
  public static final List<Rule> RULES =
      List.of(
          // A produced thing nobody says how it was made; an alias's generation counts.
          new Rule(
              "no-generation",
              new LinkCheck(
                  Kind.ENTITY, PRODUCED_TYPES, Relation.WAS_GENERATED_BY, null, Set.of())),
          // A deployment that used an image (or an alias of one) with no generation.
          new Rule(
              "deployment-without-build",
              new LinkCheck(
                  Kind.ACTIVITY,
                  DEPLOYMENT_TYPES,
                  Relation.WAS_GENERATED_BY,
                  Relation.USED,
                  IMAGE_TYPES)),
          // An activity of any type (a build, a deployment, a job run, ...) with no agent.
          new Rule(
              "no-agent",
              new LinkCheck(
                  Kind.ACTIVITY, Set.of(), Relation.WAS_ASSOCIATED_WITH, null, Set.of())));

  /** A coverage category: the node types it counts. */
  public record Category(String name, Set<String> types) {}

  /** The categories of {@code GET /v1/coverage}; no type is in two of them. */
  public static final List<Category> CATEGORIES =
      List.of(
          new Category(
              "artifacts",
              Set.of(
                  "artifact",
                  "binary",
                  "package",
                  "source-archive",
                  "sbom",
                  "attestation",
                  "model",
                  "report",
                  "dataset-version")),
          new Category("images", IMAGE_TYPES),
          new Category("deployments", DEPLOYMENT_TYPES));

  /** Source commits: what coverage walks up to. */
  public static final Sources SOURCES = new Sources(Set.of("git-commit"), List.of("git+"));

  /**
   * The relations coverage follows upstream (subject to object), besides identity links, which it
   * follows both ways. Agent relations lead to no commit; an invalidation is no origin.
   */
  public static final Set<Relation> UPSTREAM =
      Set.of(
          Relation.WAS_GENERATED_BY,
          Relation.USED,
          Relation.WAS_DERIVED_FROM,
          Relation.WAS_INFORMED_BY);

  private GapRules() {}

  /** The rule that reports gaps of {@code kind}. */
  public static Optional<Rule> rule(String kind) {
    return RULES.stream().filter(r -> r.kind().equals(kind)).findFirst();
  }
}
