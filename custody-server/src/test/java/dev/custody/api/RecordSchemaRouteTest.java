package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer can check a native record against the schema the server publishes: records the server
 * accepts pass it, and a record it refuses for its shape fails it too.
 */
class RecordSchemaRouteTest {

  @Test
  void theServedSchemaAcceptsWhatTheServerAcceptsAndRefusesWhatItRefuses(@TempDir Path dir)
      throws Exception {
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r = s.get("/v1/schemas/record.json");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/schema+json"));
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(TestServer.json(r));

      for (String record :
          List.of(
              IncidentScenario.BUILD_RECORD,
              IncidentScenario.DEPLOY_RECORD,
              IncidentScenario.POD_RECORD)) {
        JsonNode tree = TestServer.JSON.readTree(record);
        assertThat(schema.validate(tree)).as(record).isEmpty();
        assertThat(s.postJson("/v1/records", record).statusCode()).isEqualTo(201);
      }

      String misspelt = IncidentScenario.DEPLOY_RECORD.replace("\"relations\"", "\"relation\"");
      assertThat(schema.validate(TestServer.JSON.readTree(misspelt))).isNotEmpty();
      HttpResponse<byte[]> refused = s.postJson("/v1/records", misspelt);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(refused).get("field").asText()).isEqualTo("/0/relation");
    }
  }
}
