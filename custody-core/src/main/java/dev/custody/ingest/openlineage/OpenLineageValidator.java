package dev.custody.ingest.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.JsonPointers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an OpenLineage event against the official JSON schemas bundled in {@code /openlineage/}
 * (never fetched at run time): the core schema's RunEvent, DatasetEvent or JobEvent, then each
 * well-known facet (parent, nominalTime, ownership, sourceCodeLocation, documentation, sql, schema,
 * columnLineage) against its own facet schema, as OpenLineage's proxy does. A refusal is a 400
 * naming the member by JSON pointer. Thread safe.
 */
public final class OpenLineageValidator {
  private static final String CORE_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final Pattern CORE =
      Pattern.compile("https://openlineage\\.io/spec/[0-9-]+/OpenLineage\\.json");
  private static final Pattern EVENT_FRAGMENT =
      Pattern.compile("#/(?:\\$defs|definitions)/([A-Za-z]+)$");

  /** Facet key to bundled facet file, by where the facet sits. */
  private static final Map<String, String> RUN_FACETS =
      Map.of("parent", "ParentRunFacet", "nominalTime", "NominalTimeRunFacet");

  private static final Map<String, String> JOB_FACETS =
      Map.of(
          "ownership", "OwnershipJobFacet",
          "sourceCodeLocation", "SourceCodeLocationJobFacet",
          "documentation", "DocumentationJobFacet",
          "sql", "SQLJobFacet");
  private static final Map<String, String> DATASET_FACETS =
      Map.of(
          "schema", "SchemaDatasetFacet",
          "columnLineage", "ColumnLineageDatasetFacet",
          "documentation", "DocumentationDatasetFacet");

  private final SchemaRegistry registry;
  private final Map<EventType, Schema> events;
  private final Map<String, Schema> facets = new java.util.HashMap<>();

  public OpenLineageValidator() {
    Map<String, String> facetIds = new java.util.HashMap<>();
    for (Map<String, String> m : List.of(RUN_FACETS, JOB_FACETS, DATASET_FACETS)) {
      for (String file : m.values()) {
        facetIds.put(file, idOf(read("facets/" + file + ".json")));
      }
    }
    String core = read("OpenLineage.json");
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemas(
                        (String iri) -> {
                          if (CORE.matcher(iri).matches()) {
                            return core;
                          }
                          for (Map.Entry<String, String> f : facetIds.entrySet()) {
                            if (f.getValue().equals(iri)) {
                              return read("facets/" + f.getKey() + ".json");
                            }
                          }
                          return null;
                        })
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            // JSON Schema 2020-12 makes "format" an annotation, and real
                            // producers send "producer": "producer" and offset-less times; the
                            // projector checks the formats Custody relies on (run ids, times).
                            .formatAssertionsEnabled(false)
                            .pathType(PathType.JSON_POINTER)
                            .build()));
    this.events = new java.util.EnumMap<>(EventType.class);
    for (EventType t : EventType.values()) {
      events.put(t, registry.getSchema(SchemaLocation.of(CORE_ID + "#/$defs/" + t.definition())));
    }
    for (Map.Entry<String, String> f : facetIds.entrySet()) {
      facets.put(
          f.getKey(),
          registry.getSchema(SchemaLocation.of(f.getValue() + "#/$defs/" + f.getKey())));
    }
  }

  /**
   * Which event {@code event} is: the one its {@code schemaURL} names ({@code
   * .../OpenLineage.json#/$defs/RunEvent}), or else by its members (a run: RunEvent; a dataset:
   * DatasetEvent; a job alone: JobEvent).
   *
   * @throws InvalidInputException naming {@code /schemaURL} for an event type that does not exist,
   *     or the event for one that has none of run, dataset, job
   */
  public static EventType typeOf(JsonNode event) {
    if (!event.isObject()) {
      throw InvalidInputException.badRequest("", "an OpenLineage event must be a JSON object");
    }
    JsonNode url = event.get("schemaURL");
    if (url != null && url.isTextual()) {
      java.util.regex.Matcher m = EVENT_FRAGMENT.matcher(url.asText());
      if (m.find()) {
        for (EventType t : EventType.values()) {
          if (t.definition().equals(m.group(1))) {
            return t;
          }
        }
        throw InvalidInputException.badRequest(
            "/schemaURL",
            "names '"
                + m.group(1)
                + "', which is not an OpenLineage event type (RunEvent, DatasetEvent, JobEvent)");
      }
    }
    if (event.has("run")) {
      return EventType.RUN_EVENT;
    }
    if (event.has("dataset")) {
      return EventType.DATASET_EVENT;
    }
    if (event.has("job")) {
      return EventType.JOB_EVENT;
    }
    throw InvalidInputException.badRequest(
        "",
        "not an OpenLineage event: a RunEvent has run and job, a DatasetEvent a dataset, a JobEvent a job");
  }

  /**
   * Validates one event and answers its type.
   *
   * @throws InvalidInputException 400 naming the first failing member by JSON pointer
   */
  public EventType validate(JsonNode event) {
    EventType type = typeOf(event);
    check(events.get(type), event, "");
    facetsOf(event.path("run").path("facets"), RUN_FACETS, "/run/facets");
    facetsOf(event.path("job").path("facets"), JOB_FACETS, "/job/facets");
    datasets(event.path("inputs"), "/inputs");
    datasets(event.path("outputs"), "/outputs");
    facetsOf(event.path("dataset").path("facets"), DATASET_FACETS, "/dataset/facets");
    return type;
  }

  private void datasets(JsonNode list, String at) {
    for (int i = 0; i < list.size(); i++) {
      facetsOf(list.get(i).path("facets"), DATASET_FACETS, at + "/" + i + "/facets");
    }
  }

  private void facetsOf(JsonNode facetsNode, Map<String, String> known, String at) {
    if (!facetsNode.isObject()) {
      return;
    }
    for (Map.Entry<String, String> k : known.entrySet()) {
      JsonNode facet = facetsNode.get(k.getKey());
      if (facet != null) {
        check(facets.get(k.getValue()), facet, at + "/" + JsonPointers.token(k.getKey()));
      }
    }
  }

  private static void check(Schema schema, JsonNode node, String at) {
    List<Error> errors = schema.validate(node);
    if (errors.isEmpty()) {
      return;
    }
    Error first = errors.stream().min(Comparator.comparing(JsonPointers::of)).orElseThrow();
    throw InvalidInputException.badRequest(
        at + JsonPointers.of(first),
        "does not match the OpenLineage schema: " + first.getMessage());
  }

  private static String idOf(String schema) {
    java.util.regex.Matcher m = Pattern.compile("\"\\$id\"\\s*:\\s*\"([^\"]+)\"").matcher(schema);
    if (!m.find()) {
      throw new IllegalStateException("bundled schema without $id");
    }
    return m.group(1);
  }

  private static String read(String name) {
    try (InputStream in = OpenLineageValidator.class.getResourceAsStream("/openlineage/" + name)) {
      if (in == null) {
        throw new IllegalStateException("bundled schema missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
