package dev.custody.ingest.openlineage;

/** The three kinds of OpenLineage event, each a definition of the core schema. */
public enum EventType {
  RUN_EVENT("RunEvent"),
  DATASET_EVENT("DatasetEvent"),
  JOB_EVENT("JobEvent");

  private final String definition;

  EventType(String definition) {
    this.definition = definition;
  }

  /** The name of the definition in the core schema ({@code RunEvent}, ...). */
  public String definition() {
    return definition;
  }
}
