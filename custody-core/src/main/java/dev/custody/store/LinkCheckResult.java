package dev.custody.store;

import java.util.List;

/**
 * What a {@link LinkCheck} found.
 *
 * @param checked how many nodes the check applied to
 * @param missing how many of them lack the link
 * @param first the first of those (by first index, then id), at most the limit asked
 */
public record LinkCheckResult(long checked, long missing, List<MissingLink> first) {
  public LinkCheckResult {
    first = List.copyOf(first);
  }
}
