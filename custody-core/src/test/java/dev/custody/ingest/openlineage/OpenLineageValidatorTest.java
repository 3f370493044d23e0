package dev.custody.ingest.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled schemas accept the OpenLineage spec's own facet examples (spec/tests), each placed
 * where its facet goes, and refuse a facet that lacks what its schema requires, naming it.
 */
class OpenLineageValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FACETS =
      TestData.resolve("openlineage/openlineage-repo/spec-facet-tests");
  private final OpenLineageValidator validator = new OpenLineageValidator();

  static Stream<Path> facetExamples() throws IOException {
    try (Stream<Path> files = Files.walk(FACETS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void everyFacetExampleIsUsed() throws IOException {
    assertThat(facetExamples().count()).isEqualTo(12);
  }

  @ParameterizedTest
  @MethodSource("facetExamples")
  void theSpecsFacetExamplesAreAccepted(Path file) throws IOException {
    JsonNode facets = JSON.readTree(file.toFile());
    String kind = file.getParent().getFileName().toString();

    assertThat(validator.validate(eventWith(kind, facets))).isEqualTo(EventType.RUN_EVENT);
  }

  @Test
  void aParentFacetWithoutARunIdIsRefusedNamingIt() throws IOException {
    ObjectNode facets =
        (ObjectNode) JSON.readTree(FACETS.resolve("ParentRunFacet/1.json").toFile());
    ((ObjectNode) facets.path("parent").path("run")).remove("runId");

    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> validator.validate(eventWith("ParentRunFacet", facets)));

    assertThat(e.field()).isEqualTo("/run/facets/parent/run/runId");
  }

  @Test
  void aColumnLineageFacetWithoutFieldsIsRefusedNamingIt() throws IOException {
    JsonNode facets =
        JSON.readTree(
            """
            {"columnLineage": {"_producer": "https://example.org", "_schemaURL": "https://example.org/s"}}
            """);

    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> validator.validate(eventWith("ColumnLineageDatasetFacet", facets)));

    assertThat(e.field()).isEqualTo("/outputs/0/facets/columnLineage/fields");
  }

  @Test
  void aSchemaUrlNamingNoEventTypeIsRefused() throws IOException {
    ObjectNode event = (ObjectNode) eventWith("none", JSON.createObjectNode());
    event.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet");

    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> validator.validate(event));

    assertThat(e.field()).isEqualTo("/schemaURL");
  }

  /** A RunEvent holding {@code facets} where a facet of {@code kind} goes. */
  private static JsonNode eventWith(String kind, JsonNode facets) throws IOException {
    ObjectNode event =
        (ObjectNode)
            JSON.readTree(
                """
                {"eventType": "START", "eventTime": "2026-11-25T10:00:00Z",
                 "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e8"},
                 "job": {"namespace": "ns", "name": "job"},
                 "outputs": [{"namespace": "ns", "name": "out"}],
                 "producer": "https://example.org/p"}
                """);
    if (kind.endsWith("RunFacet")) {
      ((ObjectNode) event.path("run")).set("facets", facets);
    } else if (kind.endsWith("JobFacet")) {
      ((ObjectNode) event.path("job")).set("facets", facets);
    } else if (kind.endsWith("DatasetFacet")) {
      ((ObjectNode) event.path("outputs").get(0)).set("facets", facets);
    }
    return event;
  }
}
