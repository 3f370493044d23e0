package dev.custody.bench;

/**
 * Builds the cached data sets ahead of a benchmark run (the benchmarks build them on first use
 * otherwise, inside their setup): the 10M-leaf tile tree and the 1M-record log.
 */
public final class Fixtures {
  private Fixtures() {}

  public static void main(String[] args) throws Exception {
    TileTreeFixture.get(10_000_000L);
    VerifyBenchmark.dataDir(1_000_000L);
  }
}
