package dev.custody.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The query commands: each is one GET under {@code /v1}, printed for a person by default and as the
 * server's JSON with {@code --json}. A problem from the server is printed as {@code custody: error:
 * <detail> (field: <field>)} with exit status 1; a server that cannot be reached is exit 2.
 *
 * <p>A new query is a subclass of {@link Query} with its options, its {@link Query#path()}, its
 * {@link Query#params()} and its {@link Query#render}, registered in {@link Main} ({@link Gaps} is
 * one).
 */
final class QueryCommands {
  private QueryCommands() {}

  /** One GET, rendered. */
  abstract static class Query implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    boolean json;

    /** The route, with any path segment already encoded ({@link ApiClient#segment}). */
    abstract String path();

    /** Query parameters; null values are left out. */
    abstract Map<String, @Nullable Object> params();

    /** Prints the answer for a person. */
    abstract void render(JsonNode answer, PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ApiClient.Answer a = server.client().get(path(), params());
      if (!a.ok()) {
        throw new CliException(a.problem().describe(), null);
      }
      if (json) {
        String body = new String(a.body(), StandardCharsets.UTF_8);
        out.print(body.endsWith("\n") ? body : body + "\n");
      } else {
        render(a.json(), out);
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "node",
      mixinStandardHelpOptions = true,
      description = "One node: kind, type, name, aliases, attributes, the records that mention it.")
  static final class Node extends Query {
    @Parameters(paramLabel = "ID", description = "The node's id (any alias).")
    String id = "";

    @Override
    String path() {
      return "/v1/nodes/" + ApiClient.segment(id);
    }

    @Override
    Map<String, @Nullable Object> params() {
      return Map.of();
    }

    @Override
    void render(JsonNode n, PrintWriter out) {
      out.println(n.path("id").asText());
      out.println("  kind:        " + n.path("kind").asText());
      field(out, "type", n.get("type"));
      field(out, "name", n.get("name"));
      out.println("  first index: " + n.path("firstIndex").asLong());
      for (JsonNode alias : n.path("aliases")) {
        out.println("  alias:       " + alias.asText());
      }
      JsonNode attrs = n.path("attributes");
      if (!attrs.isEmpty()) {
        out.println("  attributes:");
        for (JsonNode a : attrs) {
          out.printf(
              "    %s = %s  (index %d)%n",
              a.path("name").asText(), a.path("value"), a.path("logIndex").asLong());
        }
      }
      JsonNode mentions = n.path("mentions");
      out.println("  mentioned by " + count(mentions.size(), "record") + ":");
      for (JsonNode m : mentions) {
        out.printf(
            "    index %d  %s  claimed %s  received %s%s%s%n",
            m.path("logIndex").asLong(),
            m.path("producer").asText(),
            m.path("claimedAt").asText(),
            m.path("receivedAt").asText(),
            m.path("skew").asBoolean() ? "  [clock skew]" : "",
            m.path("backfill").asBoolean() ? "  [backfill]" : "");
      }
    }

    private static void field(PrintWriter out, String name, @Nullable JsonNode v) {
      if (v != null && !v.isNull()) {
        out.printf("  %-12s %s%n", name + ":", v.asText());
      }
    }
  }

  @Command(
      name = "lineage",
      mixinStandardHelpOptions = true,
      description = "What a node comes from (upstream) or went into (downstream).")
  static final class Lineage extends Query {
    @Parameters(paramLabel = "ID", description = "The node to start from (any alias).")
    String id = "";

    @Mixin WalkOptions walk = new WalkOptions();

    @Option(
        names = "--relations",
        split = ",",
        paramLabel = "RELATION",
        description = "Only follow these PROV relations, e.g. used,wasGeneratedBy.")
    @Nullable List<String> relations;

    @Option(
        names = "--types",
        split = ",",
        paramLabel = "TYPE",
        description = "Only answer nodes of these types (the walk passes through others).")
    @Nullable List<String> types;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description = "Only follow relations at or after this RFC 3339 time.")
    @Nullable String since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "Only follow relations before this RFC 3339 time.")
    @Nullable String until;

    @Override
    String path() {
      return "/v1/lineage";
    }

    @Override
    Map<String, @Nullable Object> params() {
      Map<String, @Nullable Object> p =
          ApiClient.params(
              "id", id,
              "relations", relations == null ? null : String.join(",", relations),
              "types", types == null ? null : String.join(",", types),
              "since", since,
              "until", until);
      walk.addTo(p);
      return p;
    }

    @Override
    void render(JsonNode l, PrintWriter out) {
      out.printf(
          "%s of %s at log size %d (root %s)%n",
          l.path("direction").asText(),
          l.path("id").asText(),
          l.path("checkpoint").path("size").asLong(),
          l.path("checkpoint").path("rootHash").asText());
      printNodes(out, l.path("nodes"));
      printEdges(out, l.path("edges"));
      if (l.path("truncated").asBoolean()) {
        out.println("truncated: the depth or the limit stopped the walk; raise --depth or --limit");
      }
    }
  }

  @Command(
      name = "paths",
      mixinStandardHelpOptions = true,
      description = "The shortest paths between two nodes, relations followed either way.")
  static final class Paths extends Query {
    @Parameters(index = "0", paramLabel = "FROM", description = "One node.")
    String from = "";

    @Parameters(index = "1", paramLabel = "TO", description = "The other node.")
    String to = "";

    @Option(names = "--max-depth", description = "Longest path, 1 to 50 (server default: 10).")
    @Nullable Integer maxDepth;

    @Mixin WalkOptions.AsOfOption asOf = new WalkOptions.AsOfOption();

    @Override
    String path() {
      return "/v1/paths";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params("from", from, "to", to, "maxDepth", maxDepth, "asOf", asOf.size);
    }

    @Override
    void render(JsonNode p, PrintWriter out) {
      JsonNode paths = p.path("paths");
      out.printf(
          "from %s%nto   %s%nat log size %d (root %s): %s%n",
          p.path("from").asText(),
          p.path("to").asText(),
          p.path("checkpoint").path("size").asLong(),
          p.path("checkpoint").path("rootHash").asText(),
          p.path("found").asBoolean() ? count(paths.size(), "shortest path") : "no path");
      int i = 1;
      for (JsonNode path : paths) {
        out.printf("path %d, %s:%n", i++, count(path.path("length").asInt(), "step"));
        for (JsonNode e : path.path("edges")) {
          out.println("  " + edge(e));
        }
      }
      if (p.path("truncated").asBoolean()) {
        out.println("truncated: there were more paths, or the search met its node limit");
      }
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Nodes whose id starts with Q or whose name contains Q.")
  static final class Search extends Query {
    @Parameters(paramLabel = "Q", description = "Id prefix or part of a name.")
    String q = "";

    @Option(names = "--type", description = "Only nodes of this type.")
    @Nullable String type;

    @Option(names = "--limit", description = "At most this many, 1 to 500 (server default: 50).")
    @Nullable Integer limit;

    @Override
    String path() {
      return "/v1/search";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params("q", q, "type", type, "limit", limit);
    }

    @Override
    void render(JsonNode s, PrintWriter out) {
      JsonNode nodes = s.path("nodes");
      out.printf("%s match \"%s\"%n", count(nodes.size(), "node"), s.path("q").asText());
      for (JsonNode n : nodes) {
        out.println("  " + node(n));
      }
    }
  }

  @Command(
      name = "gaps",
      mixinStandardHelpOptions = true,
      description = "Missing links: things nobody says how they were made, runs with no agent.")
  static final class Gaps extends Query {
    @Option(names = "--type", description = "Only nodes of this type.")
    @Nullable String type;

    @Option(
        names = "--kind",
        description = "Only gaps of this kind: no-generation, deployment-without-build, no-agent.")
    @Nullable String kind;

    @Mixin WalkOptions.AsOfOption asOf = new WalkOptions.AsOfOption();

    @Option(names = "--limit", description = "At most this many listed (server default: 100).")
    @Nullable Integer limit;

    @Override
    String path() {
      return "/v1/gaps";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params("type", type, "kind", kind, "asOf", asOf.size, "limit", limit);
    }

    @Override
    void render(JsonNode g, PrintWriter out) {
      out.printf(
          "at log size %d: %s in %s (missing-link rate %.4f)%n",
          g.path("checkpoint").path("size").asLong(),
          count(g.path("missing").asInt(), "missing link"),
          count(g.path("checked").asInt(), "check"),
          g.path("rate").asDouble());
      for (Map.Entry<String, JsonNode> k : g.path("kinds").properties()) {
        out.printf(
            "  %-26s %d of %d%n",
            k.getKey(), k.getValue().path("missing").asInt(), k.getValue().path("checked").asInt());
      }
      for (JsonNode gap : g.path("gaps")) {
        out.printf(
            "  %s  (%s)  %s: no %s%s  #%d%n",
            gap.path("node").asText(),
            gap.path("type").asText("no type"),
            gap.path("kind").asText(),
            gap.path("relation").asText(),
            gap.hasNonNull("via") ? " for " + gap.get("via").asText() : "",
            gap.path("firstIndex").asLong());
      }
      if (g.path("truncated").asBoolean()) {
        out.println("truncated: more gaps were found; raise --limit");
      }
    }
  }

  @Command(
      name = "coverage",
      mixinStandardHelpOptions = true,
      description = "The share of artifacts, images and deployments that reach a source commit.")
  static final class Coverage extends Query {
    @Mixin WalkOptions.AsOfOption asOf = new WalkOptions.AsOfOption();

    @Override
    String path() {
      return "/v1/coverage";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params("asOf", asOf.size);
    }

    @Override
    void render(JsonNode c, PrintWriter out) {
      out.printf("at log size %d:%n", c.path("checkpoint").path("size").asLong());
      for (Map.Entry<String, JsonNode> k : c.path("categories").properties()) {
        share(out, k.getKey(), k.getValue());
      }
      share(out, "overall", c.path("overall"));
    }

    private static void share(PrintWriter out, String name, JsonNode v) {
      out.printf(
          "  %-12s %d of %d reach a source commit (%.1f%%)%n",
          name,
          v.path("reaching").asInt(),
          v.path("nodes").asInt(),
          100 * v.path("ratio").asDouble());
    }
  }

  @Command(
      name = "export-prov",
      mixinStandardHelpOptions = true,
      description = {
        "The lineage of each ID as a W3C PROV-JSON document.",
        "One ID prints the document; several print one document a line."
      })
  static final class ExportProv implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "The nodes to export around.")
    List<String> ids = List.of();

    @Mixin WalkOptions walk = new WalkOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ApiClient api = server.client();
      for (String id : ids) {
        Map<String, @Nullable Object> params = ApiClient.params("id", id);
        walk.addTo(params);
        ApiClient.Answer a = api.get("/v1/prov", params);
        if (!a.ok()) {
          throw new CliException(a.problem().describe(), null);
        }
        out.println(ids.size() == 1 ? pretty(a.json()) : a.json().toString());
        if ("true".equals(a.headers().first("Custody-Truncated"))) {
          err.println(
              "custody: note: the export of "
                  + id
                  + " is truncated by the depth or the limit; raise --depth or --limit");
        }
      }
      out.flush();
      return 0;
    }

    private static String pretty(JsonNode doc) {
      try {
        return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Command(
      name = "provenance",
      mixinStandardHelpOptions = true,
      description =
          "The whole chain of an artifact or image: sources, builds, builders, materials, SBOM"
              + " components, attestations with their verdicts, deployments and pods.")
  static final class Provenance extends Query {
    /** The answer's sections, in the order the server answers them. */
    private static final List<String> SECTIONS = dev.custody.query.ProvenanceService.SECTIONS;

    @Parameters(
        paramLabel = "DIGEST",
        description = "sha256:<hex> or <repository>@sha256:<hex> (any alias).")
    String digest = "";

    @Mixin WalkOptions.AsOfOption asOf = new WalkOptions.AsOfOption();

    @Option(
        names = "--proofs",
        description = "Also fetch an inclusion proof for every record the answer names.")
    boolean proofs;

    @Override
    String path() {
      return "/v1/artifacts/" + ApiClient.segment(digest) + "/provenance";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params("asOf", asOf.size, "proofs", proofs ? "true" : null);
    }

    @Override
    void render(JsonNode p, PrintWriter out) {
      out.printf(
          "provenance of %s at log size %d (root %s)%n",
          p.path("id").asText(),
          p.path("checkpoint").path("size").asLong(),
          p.path("checkpoint").path("rootHash").asText());
      for (JsonNode a : p.path("aliases")) {
        out.println("  alias: " + a.asText());
      }
      for (String section : SECTIONS) {
        JsonNode items = p.path(section);
        if (items.isEmpty()) {
          continue;
        }
        out.println(section + ":");
        for (JsonNode i : items) {
          String via =
              i.has("build")
                  ? "  via build " + i.get("build").asText()
                  : i.has("sbom")
                      ? "  in SBOM " + i.get("sbom").asText()
                      : i.has("deployment") ? "  of " + i.get("deployment").asText() : "";
          out.println("  " + node(i) + via + "  stated at #" + i.path("logIndex").asLong());
        }
      }
      JsonNode atts = p.path("attestations");
      JsonNode sum = p.path("summary");
      out.printf(
          "attestations: %d, verified %d, unverified %d%n",
          sum.path("attestations").asInt(),
          sum.path("verified").asInt(),
          sum.path("unverified").asInt());
      for (JsonNode a : atts) {
        out.printf(
            "  %s  %s  (%s)%s  #%d%n",
            a.path("id").asText(),
            a.path("verified").asBoolean() ? "VERIFIED" : "UNVERIFIED",
            a.path("reason").asText(),
            a.has("keyid") ? "  key " + a.get("keyid").asText() : "",
            a.path("logIndex").asLong());
      }
      if (p.has("proofs")) {
        out.println(
            "proofs: "
                + count(p.path("proofs").path("records").size(), "inclusion proof")
                + " against checkpoint "
                + p.path("proofs").path("checkpoint").path("size").asLong());
      }
    }
  }

  @Command(
      name = "impact",
      mixinStandardHelpOptions = true,
      description =
          "Everything downstream of a package (one version, every version, or a vers: range),"
              + " grouped by kind.")
  static final class Impact extends Query {
    /** The answer's groups, in the order the server answers them. */
    private static final List<String> GROUPS = dev.custody.query.ImpactService.GROUPS;

    @Parameters(
        index = "0",
        paramLabel = "PURL",
        description = "A package URL; without a version it means every version.")
    String purl = "";

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "VERS",
        description = "A version range, e.g. 'vers:maven/>=2.0.0|<2.17.2' (PURL without version).")
    @Nullable String versions;

    @Mixin WalkOptions.AsOfOption asOf = new WalkOptions.AsOfOption();

    @Option(
        names = "--limit",
        description = "List at most this many things a group (server default: 100).")
    @Nullable Integer limit;

    @Override
    String path() {
      return "/v1/impact";
    }

    @Override
    Map<String, @Nullable Object> params() {
      return ApiClient.params(
          "purl", purl, "versions", versions, "asOf", asOf.size, "limit", limit);
    }

    @Override
    void render(JsonNode a, PrintWriter out) {
      out.printf(
          "impact of %s%s at log size %d (root %s)%n",
          a.path("purl").asText(),
          a.has("versions") ? " " + a.get("versions").asText() : "",
          a.path("checkpoint").path("size").asLong(),
          a.path("checkpoint").path("rootHash").asText());
      out.println("matched " + count(a.path("matched").size(), "package version") + ":");
      for (JsonNode m : a.path("matched")) {
        out.println("  " + node(m));
      }
      for (String g : GROUPS) {
        int n = a.path("counts").path(g).asInt();
        JsonNode items = a.path("groups").path(g);
        out.println(g + ": " + n + (items.size() < n ? " (first " + items.size() + ")" : ""));
        for (JsonNode i : items) {
          StringBuilder b = new StringBuilder("  ").append(node(i));
          for (JsonNode alias : i.path("aliases")) {
            b.append("  = ").append(alias.asText());
          }
          out.println(b.append("  reached at #").append(i.path("logIndex").asLong()));
        }
      }
      if (a.path("truncated").asBoolean()) {
        out.println("truncated: a bound stopped the walk; the counts are lower bounds");
      }
    }
  }

  static void printNodes(PrintWriter out, JsonNode nodes) {
    out.println(count(nodes.size(), "node") + ":");
    for (JsonNode n : nodes) {
      out.println("  " + node(n));
    }
  }

  static void printEdges(PrintWriter out, JsonNode edges) {
    out.println(count(edges.size(), "edge") + ":");
    for (JsonNode e : edges) {
      out.println("  " + edge(e));
    }
  }

  /** {@code id (kind, type, "name") #firstIndex} */
  static String node(JsonNode n) {
    StringBuilder b = new StringBuilder(n.path("id").asText()).append("  (");
    b.append(n.path("kind").asText());
    if (n.hasNonNull("type")) {
      b.append(", ").append(n.get("type").asText());
    }
    if (n.hasNonNull("name")) {
      b.append(", \"").append(n.get("name").asText()).append('"');
    }
    return b.append(")  #").append(n.path("firstIndex").asLong()).toString();
  }

  /** {@code subject relation object #logIndex at time} */
  static String edge(JsonNode e) {
    String s =
        e.path("subject").asText()
            + "  "
            + e.path("relation").asText()
            + "  "
            + e.path("object").asText()
            + "  #"
            + e.path("logIndex").asLong();
    return e.hasNonNull("time") ? s + "  at " + e.get("time").asText() : s;
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
