package dev.custody.query;

import java.util.List;

/**
 * How much of what was built and deployed reaches a source commit, as of a log size.
 *
 * @param categories one line per category of {@link GapRules#CATEGORIES}, in that order
 * @param overall the categories together
 */
public record Coverage(long logSize, byte[] rootHash, List<Line> categories, Line overall) {
  public Coverage {
    categories = List.copyOf(categories);
  }

  /**
   * @param name the category ({@code artifacts}, {@code images}, {@code deployments}) or {@code
   *     all}
   * @param nodes nodes of the category's types
   * @param reaching how many of them reach a source commit upstream
   */
  public record Line(String name, long nodes, long reaching) {
    /** reaching / nodes, 0 when there are none. */
    public double ratio() {
      return Gaps.ratio(reaching, nodes);
    }
  }
}
