package dev.custody.query;

import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Missing links as of a log size.
 *
 * @param logSize the log size answered at
 * @param rootHash the root hash of the log at that size
 * @param gaps the first gaps, by first index, then id, then kind
 * @param byKind checks and gaps per gap kind (every kind asked, in rule order)
 * @param checked checks made: each rule applied to each node it concerns counts once
 * @param missing gaps found
 * @param truncated true when {@code gaps} lists fewer than {@code missing}
 */
public record Gaps(
    long logSize,
    byte[] rootHash,
    List<Gap> gaps,
    Map<String, Count> byKind,
    long checked,
    long missing,
    boolean truncated) {
  public Gaps {
    gaps = List.copyOf(gaps);
    byKind = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byKind));
  }

  /** missing / checked, 0 when nothing was checked. */
  public double rate() {
    return ratio(missing, checked);
  }

  static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  /** How many checks one kind made and how many found a gap. */
  public record Count(long checked, long missing) {
    public double rate() {
      return ratio(missing, checked);
    }
  }

  /**
   * One missing link.
   *
   * @param kind the rule that found it ({@code no-generation}, ...)
   * @param relation the relation that is missing
   * @param type the node's latest stated type, if any
   * @param firstIndex the log index of the first record that named the node
   * @param via for {@code deployment-without-build}, the image that has no build
   */
  public record Gap(
      NodeId node,
      @Nullable String type,
      String kind,
      Relation relation,
      long firstIndex,
      @Nullable NodeId via) {}
}
