package dev.custody.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How far a walk of the graph goes, for the commands that walk it (lineage, export-prov). */
final class WalkOptions {
  @Option(
      names = "--direction",
      description = "upstream, downstream or both (server default: upstream).")
  @Nullable String direction;

  @Option(names = "--depth", description = "Relation hops, 1 to 50 (server default: 5).")
  @Nullable Integer depth;

  @Mixin AsOfOption asOf = new AsOfOption();

  @Option(names = "--limit", description = "At most this many nodes (server default: 1000).")
  @Nullable Integer limit;

  /** Adds the options given to {@code params}. */
  void addTo(java.util.Map<String, @Nullable Object> params) {
    params.put("direction", direction);
    params.put("depth", depth);
    params.put("asOf", asOf.size);
    params.put("limit", limit);
  }

  /** The log size a query answers as of. */
  static final class AsOfOption {
    @Option(
        names = "--as-of",
        paramLabel = "SIZE",
        description = "As the graph stood at this log size.")
    @Nullable Long size;
  }
}
