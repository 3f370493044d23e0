package dev.custody.ingest.nativerecord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.custody.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema served at {@code /v1/schemas/record.json} says what the parser does: a record the
 * schema accepts is one the parser accepts, and every shape the parser refuses the schema refuses
 * too. (What a schema cannot say, such as relation ends declared in the record and of the right
 * kind, is the parser's alone and is tested in {@link NativeRecordParserTest}.)
 */
class NativeRecordSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Schema SCHEMA = load();

  final NativeRecordParser parser = new NativeRecordParser();

  static Schema load() {
    try (InputStream in =
        NativeRecordParser.class.getResourceAsStream(NativeRecordParser.SCHEMA_RESOURCE)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Error> schemaErrors(JsonNode record) {
    return SCHEMA.validate(record);
  }

  /** Whether the parser reads {@code record} as a native record (without _type it is opaque). */
  boolean parserAccepts(JsonNode record) {
    try {
      return parser.read(record).isPresent();
    } catch (InvalidInputException e) {
      return false;
    }
  }

  static ObjectNode valid() {
    try {
      return (ObjectNode)
          JSON.readTree(
              NativeRecordParserTest.build(
                  ",{\"id\":\"https://people.example/ana\",\"kind\":\"agent\",\"name\":\"Ana\"}",
                  NativeRecordParserTest.GOOD_RELATIONS));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theExampleInRecordsMdIsValidForBoth() throws IOException {
    String doc =
        Files.readString(Path.of(System.getProperty("user.dir"), "..", "docs", "RECORDS.md"));
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("RECORDS.md has a JSON example").isTrue();
    JsonNode example = JSON.readTree(m.group(1));
    assertThat(schemaErrors(example)).isEmpty();
    assertThat(parserAccepts(example)).isTrue();
  }

  @Test
  void aRecordWithOnlyTheRequiredMembersIsValidForBoth() throws IOException {
    JsonNode minimal =
        JSON.readTree(
            "{\"_type\":\"https://custody.dev/record/v1\",\"producer\":\"https://ci.example\","
                + "\"time\":\"2026-11-25T12:00:00.123-05:30\"}");
    assertThat(schemaErrors(minimal)).isEmpty();
    assertThat(parserAccepts(minimal)).isTrue();
  }

  /** A change to a valid record, and whether the record stays valid. */
  record Mutation(String name, Consumer<ObjectNode> change, boolean staysValid) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ObjectNode node(ObjectNode r, int i) {
    return (ObjectNode) r.get("nodes").get(i);
  }

  static ObjectNode relation(ObjectNode r, int i) {
    return (ObjectNode) r.get("relations").get(i);
  }

  static final List<Mutation> MUTATIONS =
      List.of(
          new Mutation("unchanged", r -> {}, true),
          new Mutation(
              "no nodes or relations",
              r -> {
                r.remove("nodes");
                r.remove("relations");
              },
              true),
          new Mutation("no _type member", r -> r.remove("_type"), false),
          new Mutation("no producer", r -> r.remove("producer"), false),
          new Mutation("no time", r -> r.remove("time"), false),
          new Mutation("unknown top member", r -> r.put("extra", 1), false),
          new Mutation("producer not a string", r -> r.put("producer", 7), false),
          new Mutation("empty producer", r -> r.put("producer", ""), false),
          new Mutation("time without offset", r -> r.put("time", "2026-11-25T12:00:00"), false),
          new Mutation("time without seconds", r -> r.put("time", "2026-11-25T12:00Z"), false),
          new Mutation(
              "time with offset seconds",
              r -> r.put("time", "2026-11-25T12:00:00+01:00:30"),
              false),
          new Mutation("date only", r -> r.put("time", "2026-11-25"), false),
          new Mutation("lower-case t and z", r -> r.put("time", "2026-11-25t12:00:00z"), true),
          new Mutation("fractional seconds", r -> r.put("time", "2026-11-25T12:00:00.5Z"), true),
          new Mutation("nodes not an array", r -> r.put("nodes", "x"), false),
          new Mutation("relations an object", r -> r.putObject("relations"), false),
          new Mutation("node not an object", r -> ((ArrayNode) r.get("nodes")).add(3), false),
          new Mutation("node without kind", r -> node(r, 0).remove("kind"), false),
          new Mutation("node with unknown kind", r -> node(r, 0).put("kind", "thing"), false),
          new Mutation("node with unknown member", r -> node(r, 0).put("colour", "red"), false),
          new Mutation("node type empty", r -> node(r, 0).put("type", ""), false),
          new Mutation(
              "node type of any name", r -> node(r, 0).put("type", "weird-new-type"), true),
          new Mutation("node name too long", r -> node(r, 3).put("name", "n".repeat(1001)), false),
          new Mutation("attributes not an object", r -> node(r, 0).put("attributes", "x"), false),
          new Mutation(
              "attribute of any JSON value",
              r -> ((ObjectNode) node(r, 0).get("attributes")).putArray("list").add(1).add("two"),
              true),
          new Mutation(
              "empty attribute name",
              r -> ((ObjectNode) node(r, 0).get("attributes")).put("", 1),
              false),
          new Mutation(
              "start time on an entity",
              r -> node(r, 0).put("startedAt", "2026-11-25T10:00:00Z"),
              false),
          new Mutation(
              "end time on an agent",
              r -> node(r, 3).put("endedAt", "2026-11-25T10:00:00Z"),
              false),
          new Mutation("bad activity start", r -> node(r, 1).put("startedAt", "yesterday"), false),
          new Mutation("relation without object", r -> relation(r, 0).remove("object"), false),
          new Mutation(
              "unknown relation", r -> relation(r, 0).put("relation", "wasBuiltBy"), false),
          new Mutation(
              "relation name in another case", r -> relation(r, 0).put("relation", "Used"), false),
          new Mutation(
              "relation with unknown member", r -> relation(r, 0).put("role", "builder"), false),
          new Mutation("relation time malformed", r -> relation(r, 1).put("time", "10:05"), false),
          new Mutation(
              "relation attributes",
              r -> relation(r, 2).putObject("attributes").put("prov:role", "builder"),
              true));

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Arbitraries.of(MUTATIONS).list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 400)
  void schemaAndParserAgree(@ForAll("mutations") List<Mutation> changes) {
    ObjectNode r = valid();
    for (Mutation m : changes) {
      try {
        m.change().accept(r);
      } catch (ClassCastException | NullPointerException e) {
        // an earlier change removed or replaced what this one changes: it no longer applies
      }
    }
    boolean parser = parserAccepts(r);
    List<Error> errors = schemaErrors(r);
    assertThat(errors.isEmpty())
        .as("schema %s, parser %s, for %s", errors, parser, r)
        .isEqualTo(parser);
  }

  @Property(tries = 100)
  void eachMutationAloneHasTheStatedOutcome(@ForAll("one") Mutation m) {
    ObjectNode r = valid();
    m.change().accept(r);
    assertThat(parserAccepts(r)).as("parser on %s", m).isEqualTo(m.staysValid());
    assertThat(schemaErrors(r).isEmpty()).as("schema on %s", m).isEqualTo(m.staysValid());
  }

  @Provide
  Arbitrary<Mutation> one() {
    return Arbitraries.of(MUTATIONS);
  }

  /**
   * POST /v1/records reads a native record from the tree its body was parsed into, not from its
   * canonical bytes again: both readings give the same provenance, or the same refusal.
   */
  @Property(tries = 300)
  void aRecordReadFromItsTreeReadsAsFromItsBytes(@ForAll("mutations") List<Mutation> changes)
      throws Exception {
    ObjectNode r = valid();
    for (Mutation m : changes) {
      try {
        m.change().accept(r);
      } catch (ClassCastException | NullPointerException e) {
        // an earlier change removed or replaced what this one changes
      }
    }
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    byte[] body = mapper.writeValueAsBytes(mapper.createArrayNode().add(r).add(valid()));
    dev.custody.ingest.RecordParser parser =
        new dev.custody.ingest.RecordParser(dev.custody.ingest.RecordLimits.DEFAULTS);
    dev.custody.ingest.ProvenanceReader reader = new dev.custody.ingest.ProvenanceReader();
    assertThat(outcome(() -> reader.readSubmittedTrees(parser.parseJsonTrees(body))))
        .isEqualTo(outcome(() -> reader.readSubmitted(parser.parseJson(body))));
  }

  private static String outcome(
      java.util.function.Supplier<List<java.util.Optional<dev.custody.model.ProvRecord>>> read) {
    try {
      return read.get().toString();
    } catch (dev.custody.error.InvalidInputException e) {
      return "refused " + e.field() + ": " + e.detail();
    }
  }
}
