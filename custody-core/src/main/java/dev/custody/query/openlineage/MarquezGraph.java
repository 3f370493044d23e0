package dev.custody.query.openlineage;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.LogStore;
import dev.custody.store.NodeAttribute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job and dataset lineage as Marquez answers it, computed from the PROV graph OpenLineage events
 * project into: a job's inputs are the datasets its runs {@code used}; its outputs are the datasets
 * its runs generated versions of ({@code version wasGeneratedBy run}, {@code version
 * specializationOf dataset}); then what its JobEvents declared ({@code job wasDerivedFrom input},
 * {@code output wasDerivedFrom job}). The walk goes both ways from the start node, {@code depth}
 * jobs far, reading one batch of edges per step for the whole frontier ({@link LogStore#edgesFrom}
 * and {@link LogStore#edgesTo}, which the SQLite store answers from memory). Facets and column
 * transformations are answered as the record with the latest event time stated them ({@link
 * #attributes}, {@link #transformations}). Thread safe.
 */
public final class MarquezGraph {
  /** The deepest walk answered. */
  public static final int MAX_DEPTH = 100;

  /** The most nodes answered; the walk stops growing the frontier beyond. */
  public static final int MAX_NODES = 20_000;

  private static final long LATEST = Long.MAX_VALUE;
  private final LogStore store;

  public MarquezGraph(LogStore store) {
    this.store = store;
  }

  /** A job's inputs and outputs (datasets), in first-seen order. */
  public record JobIo(Set<NodeId> inputs, Set<NodeId> outputs) {}

  /**
   * The lineage graph around {@code start} (a {@code job:} or {@code dataset:} id): every job and
   * dataset reached, each job with its inputs and outputs.
   */
  public Map<NodeId, JobIo> lineage(NodeId start, int depth) {
    if (depth < 0 || depth > MAX_DEPTH) {
      throw InvalidInputException.badRequest(
          "depth", "'depth' must be in [0, " + MAX_DEPTH + "], got " + depth);
    }
    // What each run used (its job, its inputs), read once per walk: the step from datasets to
    // jobs reads it, and the step from those jobs to their datasets reuses it.
    Map<NodeId, List<NodeId>> usedByRun = new HashMap<>();
    Map<NodeId, JobIo> jobs = new LinkedHashMap<>();
    Set<NodeId> datasets = new LinkedHashSet<>();
    Set<NodeId> jobFrontier = new LinkedHashSet<>();
    Set<NodeId> datasetFrontier = new LinkedHashSet<>();
    if (start.scheme() == NodeId.Scheme.JOB) {
      jobFrontier.add(start);
    } else {
      datasets.add(start);
      datasetFrontier.add(start);
    }
    for (int level = 0; level <= depth; level++) {
      if (!datasetFrontier.isEmpty()) {
        for (NodeId j : jobsOf(datasetFrontier, usedByRun)) {
          if (!jobs.containsKey(j)) {
            jobFrontier.add(j);
          }
        }
        datasetFrontier = new LinkedHashSet<>();
      }
      if (jobFrontier.isEmpty() || level == depth || size(jobs, datasets) > MAX_NODES) {
        break;
      }
      Map<NodeId, JobIo> io = io(jobFrontier, usedByRun);
      jobs.putAll(io);
      jobFrontier = new LinkedHashSet<>();
      for (JobIo j : io.values()) {
        for (NodeId d : concat(j.inputs(), j.outputs())) {
          if (datasets.add(d)) {
            datasetFrontier.add(d);
          }
        }
      }
    }
    // The jobs at the edge of the walk are answered too, with their datasets when those are in.
    if (!jobFrontier.isEmpty()) {
      jobs.putAll(io(jobFrontier, usedByRun));
    }
    return jobs;
  }

  private Set<NodeId> jobsOf(Collection<NodeId> datasets, Map<NodeId, List<NodeId>> usedByRun) {
    Set<NodeId> runs = new HashSet<>();
    Set<NodeId> versions = new HashSet<>();
    List<NodeId> declared = new ArrayList<>();
    for (GraphEdge e : store.edgesTo(datasets, RUN_SIDE, LATEST)) {
      if (e.relation() == Relation.USED && e.subject().scheme() == NodeId.Scheme.RUN) {
        runs.add(e.subject());
      } else if (e.relation() == Relation.SPECIALIZATION_OF) {
        versions.add(e.subject());
      } else if (e.relation() == Relation.WAS_DERIVED_FROM && isJob(e.subject())) {
        declared.add(e.subject()); // a JobEvent's declared input
      }
    }
    if (!versions.isEmpty()) {
      for (GraphEdge e : store.edgesFrom(versions, Set.of(Relation.WAS_GENERATED_BY), LATEST)) {
        runs.add(e.object());
      }
    }
    Set<NodeId> jobs = new LinkedHashSet<>();
    used(runs, usedByRun);
    for (NodeId r : runs) {
      for (NodeId used : usedByRun.getOrDefault(r, List.of())) {
        if (used.scheme() == NodeId.Scheme.JOB) {
          jobs.add(used);
        }
      }
    }
    jobs.addAll(declared);
    jobs.addAll(declaredWriters(datasets));
    return jobs;
  }

  private static final Set<Relation> RUN_SIDE =
      Set.of(Relation.USED, Relation.SPECIALIZATION_OF, Relation.WAS_DERIVED_FROM);

  /** The jobs whose JobEvents declared one of {@code datasets} as an output. */
  private List<NodeId> declaredWriters(Collection<NodeId> datasets) {
    List<NodeId> out = new ArrayList<>();
    for (GraphEdge e : store.edgesFrom(datasets, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
      if (isJob(e.object())) {
        out.add(e.object());
      }
    }
    return out;
  }

  private static boolean isJob(NodeId id) {
    return id.scheme() == NodeId.Scheme.JOB;
  }

  private static boolean isDataset(NodeId id) {
    return id.scheme() == NodeId.Scheme.DATASET;
  }

  /**
   * Adds what JobEvents declared of {@code jobs} (no run: {@code job wasDerivedFrom dataset} for an
   * input, {@code dataset wasDerivedFrom job} for an output) after what their runs did.
   */
  private void declared(Collection<NodeId> jobs, Map<NodeId, JobIo> out) {
    for (GraphEdge e : store.edgesFrom(jobs, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
      if (isDataset(e.object())) {
        out.get(e.subject()).inputs().add(e.object());
      }
    }
    for (GraphEdge e : store.edgesTo(jobs, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
      if (isDataset(e.subject())) {
        out.get(e.object()).outputs().add(e.subject());
      }
    }
  }

  /** What each of {@code runs} used, reading only the runs not yet in {@code cache}. */
  private Map<NodeId, List<NodeId>> used(Collection<NodeId> runs, Map<NodeId, List<NodeId>> cache) {
    List<NodeId> missing = runs.stream().filter(r -> !cache.containsKey(r)).toList();
    if (!missing.isEmpty()) {
      for (NodeId r : missing) {
        cache.put(r, new ArrayList<>());
      }
      for (GraphEdge e : store.edgesFrom(missing, Set.of(Relation.USED), LATEST)) {
        cache.get(e.subject()).add(e.object());
      }
    }
    return cache;
  }

  private Map<NodeId, JobIo> io(Collection<NodeId> jobs, Map<NodeId, List<NodeId>> usedByRun) {
    Map<NodeId, NodeId> jobOfRun = jobOfRun(jobs);
    Map<NodeId, JobIo> out = emptyIo(jobs);
    if (!jobOfRun.isEmpty()) {
      used(jobOfRun.keySet(), usedByRun);
      for (NodeId r : jobOfRun.keySet()) {
        for (NodeId d : usedByRun.get(r)) {
          if (isDataset(d)) {
            out.get(jobOfRun.get(r)).inputs().add(d);
          }
        }
      }
      outputs(jobOfRun, out);
    }
    declared(jobs, out);
    return out;
  }

  /** The job of each run of {@code jobs}. */
  private Map<NodeId, NodeId> jobOfRun(Collection<NodeId> jobs) {
    Map<NodeId, NodeId> jobOfRun = new HashMap<>();
    runsOf(jobs).forEach((j, rs) -> rs.forEach(r -> jobOfRun.put(r, j)));
    return jobOfRun;
  }

  /** An empty inputs/outputs entry for each of {@code jobs}, in their order. */
  private static Map<NodeId, JobIo> emptyIo(Collection<NodeId> jobs) {
    Map<NodeId, JobIo> out = new LinkedHashMap<>();
    for (NodeId j : jobs) {
      out.put(j, new JobIo(new LinkedHashSet<>(), new LinkedHashSet<>()));
    }
    return out;
  }

  private void outputs(Map<NodeId, NodeId> jobOfRun, Map<NodeId, JobIo> out) {
    Map<NodeId, NodeId> runOfVersion = new HashMap<>();
    for (GraphEdge e :
        store.edgesTo(jobOfRun.keySet(), Set.of(Relation.WAS_GENERATED_BY), LATEST)) {
      runOfVersion.put(e.subject(), e.object());
    }
    if (runOfVersion.isEmpty()) {
      return;
    }
    for (GraphEdge e :
        store.edgesFrom(runOfVersion.keySet(), Set.of(Relation.SPECIALIZATION_OF), LATEST)) {
      out.get(jobOfRun.get(runOfVersion.get(e.subject()))).outputs().add(e.object());
    }
  }

  private static int size(Map<NodeId, JobIo> jobs, Set<NodeId> datasets) {
    return jobs.size() + datasets.size();
  }

  private static List<NodeId> concat(Set<NodeId> a, Set<NodeId> b) {
    List<NodeId> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The jobs that read or wrote any of {@code datasets}, or declared they do. */
  public Set<NodeId> jobsOf(Collection<NodeId> datasets) {
    return jobsOf(datasets, new HashMap<>());
  }

  /** Each run's job. */
  public Map<NodeId, NodeId> jobOfRuns(Collection<NodeId> runs) {
    Map<NodeId, NodeId> out = new HashMap<>();
    for (GraphEdge e : store.edgesFrom(runs, Set.of(Relation.USED), LATEST)) {
      if (e.object().scheme() == NodeId.Scheme.JOB) {
        out.put(e.subject(), e.object());
      }
    }
    return out;
  }

  /** The runs of each job. */
  public Map<NodeId, Set<NodeId>> runsOf(Collection<NodeId> jobs) {
    Map<NodeId, Set<NodeId>> out = new LinkedHashMap<>();
    for (NodeId j : jobs) {
      out.put(j, new LinkedHashSet<>());
    }
    for (GraphEdge e : store.edgesTo(jobs, Set.of(Relation.USED), LATEST)) {
      if (e.subject().scheme() == NodeId.Scheme.RUN) {
        out.get(e.object()).add(e.subject());
      }
    }
    return out;
  }

  /** Each job's inputs and outputs, over all its runs, then what its JobEvents declared. */
  public Map<NodeId, JobIo> io(Collection<NodeId> jobs) {
    return io(jobs, new HashMap<>());
  }

  /** The versions of {@code dataset}, each with the run that generated it. */
  public Map<NodeId, NodeId> versionsOf(NodeId dataset) {
    Set<NodeId> versions = new LinkedHashSet<>();
    for (GraphEdge e :
        store.edgesTo(List.of(dataset), Set.of(Relation.SPECIALIZATION_OF), LATEST)) {
      versions.add(e.subject());
    }
    Map<NodeId, NodeId> out = new LinkedHashMap<>();
    if (versions.isEmpty()) {
      return out;
    }
    for (GraphEdge e : store.edgesFrom(versions, Set.of(Relation.WAS_GENERATED_BY), LATEST)) {
      out.put(e.subject(), e.object());
    }
    return out;
  }

  /**
   * Column lineage from {@code fields}: each field reached with the fields it was derived from,
   * upstream {@code depth} steps, and downstream too when {@code withDownstream}.
   */
  public Map<NodeId, Set<NodeId>> columnLineage(
      Collection<NodeId> fields, int depth, boolean withDownstream) {
    if (depth < 0 || depth > MAX_DEPTH) {
      throw InvalidInputException.badRequest(
          "depth", "'depth' must be in [0, " + MAX_DEPTH + "], got " + depth);
    }
    Map<NodeId, Set<NodeId>> derivedFrom = new LinkedHashMap<>();
    Set<NodeId> seen = new LinkedHashSet<>(fields);
    Set<NodeId> up = new LinkedHashSet<>(fields);
    Set<NodeId> down = new LinkedHashSet<>(withDownstream ? fields : Set.of());
    for (int level = 0; level < depth && (!up.isEmpty() || !down.isEmpty()); level++) {
      Set<NodeId> nextUp = new LinkedHashSet<>();
      Set<NodeId> nextDown = new LinkedHashSet<>();
      if (!up.isEmpty()) {
        for (GraphEdge e : store.edgesFrom(up, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
          derivedFrom.computeIfAbsent(e.subject(), k -> new LinkedHashSet<>()).add(e.object());
          if (seen.add(e.object())) {
            nextUp.add(e.object());
          }
        }
      }
      if (!down.isEmpty()) {
        for (GraphEdge e : store.edgesTo(down, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
          derivedFrom.computeIfAbsent(e.subject(), k -> new LinkedHashSet<>()).add(e.object());
          if (seen.add(e.subject())) {
            nextDown.add(e.subject());
          }
        }
      }
      up = nextUp;
      down = nextDown;
      if (seen.size() > MAX_NODES) {
        break;
      }
    }
    for (NodeId f : seen) {
      derivedFrom.putIfAbsent(f, new LinkedHashSet<>());
    }
    return derivedFrom;
  }

  /**
   * The transformations stated on each edge of {@code derivedFrom} (field to the fields it was
   * derived from): the edge attributes of the statement with the latest event time (of several
   * statements of one edge, the latest event's facet is the one that holds); edges whose latest
   * statement has none are absent.
   */
  public Map<NodeId, Map<NodeId, Map<String, String>>> transformations(
      Map<NodeId, Set<NodeId>> derivedFrom) {
    List<NodeId> derived =
        derivedFrom.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .toList();
    Map<NodeId, Map<NodeId, Map<String, String>>> out = new LinkedHashMap<>();
    if (derived.isEmpty()) {
      return out;
    }
    List<GraphEdge> edges = new ArrayList<>();
    for (GraphEdge e : store.edgesFrom(derived, Set.of(Relation.WAS_DERIVED_FROM), LATEST)) {
      if (derivedFrom.get(e.subject()).contains(e.object())) {
        edges.add(e);
      }
    }
    Map<GraphEdge, Map<String, String>> attrs = store.edgeAttributes(edges);
    Map<List<NodeId>, List<Statement<Map<String, String>>>> byPair = new LinkedHashMap<>();
    for (GraphEdge e : edges) {
      Map<String, String> a = attrs.getOrDefault(e, Map.of());
      byPair
          .computeIfAbsent(List.of(e.subject(), e.object()), k -> new ArrayList<>())
          .add(new Statement<>(a, new java.util.TreeMap<>(a).toString(), e.logIndex()));
    }
    Map<Long, Instant> times = times(byPair.values());
    byPair.forEach((pair, statements) -> {
      Map<String, String> a = latest(statements, times).value();
      if (!a.isEmpty()) {
        out.computeIfAbsent(pair.get(0), k -> new LinkedHashMap<>()).put(pair.get(1), a);
      }
    });
    return out;
  }

  /**
   * The attributes of {@code node}, each as its statement with the latest event time says (a facet
   * as of the latest event, not the latest to arrive); of statements with the same event time, the
   * greatest value (so the answer does not depend on the order of delivery).
   */
  public Map<String, String> attributes(NodeId node) {
    Map<String, List<Statement<String>>> byName = new HashMap<>();
    for (NodeAttribute a : store.attributes(node)) {
      byName
          .computeIfAbsent(a.name(), k -> new ArrayList<>())
          .add(new Statement<>(a.value(), a.value(), a.logIndex()));
    }
    Map<Long, Instant> times = times(byName.values());
    Map<String, String> out = new HashMap<>();
    byName.forEach((name, statements) -> out.put(name, latest(statements, times).value()));
    return out;
  }

  /** A value as one record stated it; {@code key} orders values of records with equal times. */
  private record Statement<T>(T value, String key, long logIndex) {}

  /**
   * The event (claimed) times of the records that stated the values of those groups of statements
   * whose values differ: one read for all of them, none when every group agrees.
   */
  private <T> Map<Long, Instant> times(Collection<List<Statement<T>>> groups) {
    List<Long> indexes = new ArrayList<>();
    for (List<Statement<T>> g : groups) {
      if (!agree(g)) {
        g.forEach(x -> indexes.add(x.logIndex()));
      }
    }
    return indexes.isEmpty() ? Map.of() : store.claimedTimes(indexes);
  }

  private static <T> boolean agree(List<Statement<T>> statements) {
    String first = statements.get(0).key();
    return statements.stream().allMatch(x -> x.key().equals(first));
  }

  /** The statement with the latest event time, then the greatest key. */
  private static <T> Statement<T> latest(List<Statement<T>> statements, Map<Long, Instant> times) {
    if (agree(statements)) {
      return statements.get(0);
    }
    Comparator<Statement<T>> order =
        Comparator.<Statement<T>, Instant>comparing(
                x -> times.getOrDefault(x.logIndex(), Instant.MIN))
            .thenComparing(Statement::key);
    return statements.stream().max(order).orElseThrow();
  }
}
