package dev.custody.query.openlineage;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.LogStore;
import java.util.ArrayList;
import java.util.Collection;
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
 * specializationOf dataset}). The walk goes both ways from the start node, {@code depth} jobs far,
 * reading one batch of edges per step for the whole frontier. Thread safe.
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
    for (GraphEdge e :
        store.edgesTo(datasets, Set.of(Relation.USED, Relation.SPECIALIZATION_OF), LATEST)) {
      if (e.relation() == Relation.USED && e.subject().scheme() == NodeId.Scheme.RUN) {
        runs.add(e.subject());
      } else if (e.relation() == Relation.SPECIALIZATION_OF) {
        versions.add(e.subject());
      }
    }
    if (!versions.isEmpty()) {
      for (GraphEdge e : store.edgesFrom(versions, Set.of(Relation.WAS_GENERATED_BY), LATEST)) {
        runs.add(e.object());
      }
    }
    Set<NodeId> jobs = new LinkedHashSet<>();
    for (NodeId r : runs) {
      for (NodeId used : used(List.of(r), usedByRun).getOrDefault(r, List.of())) {
        if (used.scheme() == NodeId.Scheme.JOB) {
          jobs.add(used);
        }
      }
    }
    return jobs;
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
    if (jobOfRun.isEmpty()) {
      return out;
    }
    used(jobOfRun.keySet(), usedByRun);
    for (NodeId r : jobOfRun.keySet()) {
      for (NodeId d : usedByRun.get(r)) {
        if (d.scheme() == NodeId.Scheme.DATASET) {
          out.get(jobOfRun.get(r)).inputs().add(d);
        }
      }
    }
    outputs(jobOfRun, out);
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

  /** The jobs that read or wrote any of {@code datasets}. */
  public Set<NodeId> jobsOf(Collection<NodeId> datasets) {
    Set<NodeId> runs = new HashSet<>();
    for (GraphEdge e : store.edgesTo(datasets, Set.of(Relation.USED), LATEST)) {
      if (e.subject().scheme() == NodeId.Scheme.RUN) {
        runs.add(e.subject());
      }
    }
    Set<NodeId> versions = new HashSet<>();
    for (GraphEdge e : store.edgesTo(datasets, Set.of(Relation.SPECIALIZATION_OF), LATEST)) {
      versions.add(e.subject());
    }
    if (!versions.isEmpty()) {
      for (GraphEdge e : store.edgesFrom(versions, Set.of(Relation.WAS_GENERATED_BY), LATEST)) {
        runs.add(e.object());
      }
    }
    return runs.isEmpty() ? Set.of() : jobsOfRuns(runs).keySet();
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

  private Map<NodeId, Set<NodeId>> jobsOfRuns(Collection<NodeId> runs) {
    Map<NodeId, Set<NodeId>> out = new LinkedHashMap<>();
    for (Map.Entry<NodeId, NodeId> e : jobOfRuns(runs).entrySet()) {
      out.computeIfAbsent(e.getValue(), k -> new HashSet<>()).add(e.getKey());
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

  /** Each job's inputs and outputs, over all its runs. */
  public Map<NodeId, JobIo> io(Collection<NodeId> jobs) {
    Map<NodeId, NodeId> jobOfRun = jobOfRun(jobs);
    Map<NodeId, JobIo> out = emptyIo(jobs);
    if (jobOfRun.isEmpty()) {
      return out;
    }
    for (GraphEdge e : store.edgesFrom(jobOfRun.keySet(), Set.of(Relation.USED), LATEST)) {
      if (e.object().scheme() == NodeId.Scheme.DATASET) {
        out.get(jobOfRun.get(e.subject())).inputs().add(e.object());
      }
    }
    outputs(jobOfRun, out);
    return out;
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
}
