package dev.custody.cli;

import dev.custody.cli.IngestReader.Item;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of each value {@code custody ingest} read: accepted (new), already present, or
 * refused with the server's reason; counted per format, and printed as the summary. Not thread
 * safe.
 */
final class IngestTally {
  /** The name under which values refused before sending (malformed JSON) are counted. */
  static final String UNREADABLE = "not JSON";

  private final Map<String, long[]> counts = new LinkedHashMap<>();
  private final Map<String, List<String>> refusals = new LinkedHashMap<>();
  private final Runnable onChange;
  private long done;

  /** {@code onChange} runs after every value (the progress display). */
  IngestTally(Runnable onChange) {
    for (IngestFormat f : IngestFormat.ALL) {
      counts.put(f.name(), new long[3]);
    }
    counts.put(UNREADABLE, new long[3]);
    this.onChange = onChange;
  }

  void sent(Item item, boolean created) {
    count(item.format().name(), created ? 0 : 1);
  }

  void refused(Item item, String reason) {
    refused(item.format().name(), item.location(), reason);
  }

  void refused(String format, String location, String reason) {
    refusals.computeIfAbsent(reason, r -> new ArrayList<>()).add(location);
    count(format, 2);
  }

  private void count(String format, int column) {
    counts.computeIfAbsent(format, f -> new long[3])[column]++;
    done++;
    onChange.run();
  }

  /** Values done so far, whatever became of them. */
  long done() {
    return done;
  }

  long refusedCount() {
    return counts.values().stream().mapToLong(c -> c[2]).sum();
  }

  /** The table of counts, then each reason with where it was found. */
  void print(PrintWriter out) {
    out.printf("%-20s %9s %16s %8s%n", "format", "accepted", "already present", "refused");
    long[] total = new long[3];
    counts.forEach((name, c) -> {
      if (c[0] + c[1] + c[2] > 0) {
        out.printf("%-20s %,9d %,16d %,8d%n", name, c[0], c[1], c[2]);
        for (int i = 0; i < 3; i++) {
          total[i] += c[i];
        }
      }
    });
    out.printf("%-20s %,9d %,16d %,8d%n", "total", total[0], total[1], total[2]);
    if (refusals.isEmpty()) {
      return;
    }
    out.println();
    out.println("refused:");
    refusals.forEach((reason, where) -> {
      out.println("  " + reason);
      for (String w : where) {
        out.println("    " + w);
      }
    });
  }
}
