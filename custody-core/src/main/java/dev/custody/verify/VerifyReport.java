package dev.custody.verify;

import java.util.List;

/**
 * What {@link LogVerifier} found.
 *
 * @param leaves records checked and rebuilt into the tree
 * @param checkpoints checkpoints checked
 * @param problems one line per mismatch, naming the record index, tile or checkpoint size
 */
public record VerifyReport(long leaves, int checkpoints, List<String> problems) {
  public boolean ok() {
    return problems.isEmpty();
  }
}
