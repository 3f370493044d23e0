package dev.custody.bench;

import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.model.CanonicalRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a request thread does with a batch of native records before the log takes it, on one thread
 * and without HTTP: {@code POST /v1/records}'s parsing of a JSON array of {@value #BATCH} {@link
 * GraphGenerator} records (split, checked, canonicalized per RFC 8785, each id hashed) and its
 * reading of each record's provenance (ids parsed, nodes and edges built). Scores are records per
 * second (one operation = one body).
 *
 * <p>{@link BatchLoad} measures ingest end to end, where this work shares two cores with the
 * sequencer, the committer, the collector and the JIT; this isolates the parallel stage, so a
 * change to it can be judged without that noise.
 *
 * <p>The bodies (200,000 records, each id new as in {@code BatchLoad}) are made once per trial; an
 * operation parses the next one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
@OperationsPerInvocation(IngestParseBenchmark.BATCH)
public class IngestParseBenchmark {
  static final int BATCH = 1000;
  private static final int BODIES = 200;

  /** The bodies, and the next one to parse. */
  @State(Scope.Thread)
  public static class Bodies {
    final RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    final ProvenanceReader provenance = new ProvenanceReader();
    final List<byte[]> bodies = new ArrayList<>();
    int next;

    @Setup(Level.Trial)
    public void make() {
      GraphGenerator g = new GraphGenerator(1);
      for (int b = 0; b < BODIES; b++) {
        StringBuilder body = new StringBuilder(BATCH * 700).append('[');
        for (int i = 0; i < BATCH; i++) {
          body.append(i == 0 ? "" : ",").append(g.next());
        }
        bodies.add(body.append(']').toString().getBytes(StandardCharsets.UTF_8));
      }
    }

    byte[] next() {
      byte[] body = bodies.get(next);
      next = (next + 1) % bodies.size();
      return body;
    }
  }

  /** As {@code RecordRoutes} reads an {@code application/json} body. */
  @Benchmark
  public void parseAndReadProvenance(Bodies s, Blackhole bh) {
    List<RecordParser.Parsed> parsed = s.parser.parseJsonTrees(s.next());
    List<CanonicalRecord> records = RecordParser.records(parsed);
    bh.consume(records);
    bh.consume(s.provenance.readSubmittedTrees(parsed));
  }
}
