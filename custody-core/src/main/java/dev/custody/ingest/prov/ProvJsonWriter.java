package dev.custody.ingest.prov;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.ingest.prov.AttributeValue.BooleanValue;
import dev.custody.ingest.prov.AttributeValue.LangString;
import dev.custody.ingest.prov.AttributeValue.NumberValue;
import dev.custody.ingest.prov.AttributeValue.QualifiedNameValue;
import dev.custody.ingest.prov.AttributeValue.StringValue;
import dev.custody.ingest.prov.AttributeValue.TypedLiteral;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link ProvDocument} as PROV-JSON (UTF-8, indented). {@code prefix} comes first, then
 * the record types in PROV-DM order, then {@code bundle}; statements sharing an identifier become
 * an array under it; a relation without an identifier gets a fresh blank one such as {@code
 * _:wGB1}. Names are written with the prefix they carry, so the document must declare every prefix
 * it uses (in scope, with the same namespace); otherwise, or if an attribute collides with a
 * reserved member, {@link IllegalArgumentException} is thrown. {@link ProvJsonReader} reads the
 * output back to a semantically equal document. Thread safe.
 */
public final class ProvJsonWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The PROV-JSON bytes of {@code doc}. */
  public byte[] write(ProvDocument doc) {
    Set<String> blanks = new HashSet<>();
    collectBlanks(doc.statements(), blanks);
    doc.bundles().forEach(b -> collectBlanks(b.statements(), blanks));
    Pass pass = new Pass(blanks);
    ObjectNode root = NODES.objectNode();
    pass.container(root, doc.namespaces(), doc.namespaces(), doc.statements());
    if (!doc.bundles().isEmpty()) {
      ObjectNode bundles = root.putObject("bundle");
      for (Bundle b : doc.bundles()) {
        String key = pass.name(b.id(), doc.namespaces());
        if (bundles.has(key)) {
          throw new IllegalArgumentException("two bundles named " + key);
        }
        ObjectNode body = bundles.putObject(key);
        pass.container(
            body, b.namespaces(), doc.namespaces().enclosing(b.namespaces()), b.statements());
      }
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Blank labels already in use, as identifiers or as references (a derivation's prov:generation
  // may name a blank generation): a fresh identifier must not capture any of them.
  private static void collectBlanks(List<Statement> statements, Set<String> out) {
    for (Statement s : statements) {
      addBlank(RecordKind.id(s), out);
      for (Object arg : RecordKind.args(s).values()) {
        if (arg instanceof List<?> names) {
          names.forEach(n -> addBlank((QualifiedName) n, out));
        } else if (arg instanceof QualifiedName q) {
          addBlank(q, out);
        }
      }
    }
  }

  private static void addBlank(@Nullable QualifiedName name, Set<String> out) {
    if (name != null && name.isBlank()) {
      out.add(name.localPart());
    }
  }

  private static final class Pass {
    private final Set<String> usedBlanks;

    Pass(Set<String> usedBlanks) {
      this.usedBlanks = usedBlanks;
    }

    void container(ObjectNode out, Namespaces own, Namespaces scope, List<Statement> statements) {
      ObjectNode prefixes = NODES.objectNode();
      own.prefixes().forEach(prefixes::put);
      if (own.defaultNamespace() != null) {
        prefixes.put("default", own.defaultNamespace());
      }
      if (!prefixes.isEmpty()) {
        out.set("prefix", prefixes);
      }
      for (RecordKind kind : RecordKind.values()) {
        ObjectNode group = NODES.objectNode();
        int generated = 0;
        for (Statement s : statements) {
          if (RecordKind.of(s) != kind) {
            continue;
          }
          QualifiedName id = RecordKind.id(s);
          String key;
          if (id != null) {
            key = name(id, scope);
          } else {
            do {
              generated++;
            } while (usedBlanks.contains(kind.blankPrefix + generated));
            usedBlanks.add(kind.blankPrefix + generated);
            key = "_:" + kind.blankPrefix + generated;
          }
          add(group, key, record(kind, s, scope));
        }
        if (!group.isEmpty()) {
          out.set(kind.jsonName, group);
        }
      }
    }

    private static void add(ObjectNode group, String key, ObjectNode record) {
      JsonNode existing = group.get(key);
      if (existing == null) {
        group.set(key, record);
      } else if (existing instanceof ArrayNode array) {
        array.add(record);
      } else {
        group.putArray(key).add(existing).add(record);
      }
    }

    private ObjectNode record(RecordKind kind, Statement s, Namespaces scope) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, @Nullable Object> arg : RecordKind.args(s).entrySet()) {
        JsonNode node = argument(arg.getValue(), scope);
        if (node != null) {
          out.set("prov:" + arg.getKey(), node);
        }
      }
      s.attributes()
          .values()
          .forEach((attr, values) -> {
            String key = name(attr, scope);
            if (out.has(key)
                || (attr.namespace().equals(QualifiedName.PROV_NAMESPACE)
                    && kind.field(attr.localPart()) != null)) {
              throw new IllegalArgumentException(
                  key + " collides with a reserved or repeated member of " + kind.jsonName);
            }
            if (values.size() == 1) {
              out.set(key, value(values.getFirst(), scope));
            } else {
              ArrayNode array = out.putArray(key);
              values.forEach(v -> array.add(value(v, scope)));
            }
          });
      return out;
    }

    private @Nullable JsonNode argument(@Nullable Object arg, Namespaces scope) {
      return switch (arg) {
        case null -> null;
        case QualifiedName q -> NODES.textNode(name(q, scope));
        case ProvTime t -> NODES.textNode(t.lexical());
        case List<?> names -> {
          ArrayNode array = NODES.arrayNode();
          names.forEach(n -> array.add(name((QualifiedName) n, scope)));
          yield array;
        }
        default -> throw new IllegalStateException("unexpected argument " + arg.getClass());
      };
    }

    private JsonNode value(AttributeValue v, Namespaces scope) {
      return switch (v) {
        case StringValue s -> NODES.textNode(s.value());
        case NumberValue n -> NODES.numberNode(n.value());
        case BooleanValue b -> NODES.booleanNode(b.value());
        case TypedLiteral t ->
            NODES.objectNode().put("$", t.lexical()).put("type", name(t.datatype(), scope));
        case LangString l -> NODES.objectNode().put("$", l.value()).put("lang", l.lang());
        case QualifiedNameValue q ->
            NODES.objectNode().put("$", name(q.value(), scope)).put("type", "prov:QUALIFIED_NAME");
      };
    }

    String name(QualifiedName q, Namespaces scope) {
      if (!scope.declares(q)) {
        throw new IllegalArgumentException(
            "'"
                + q.toPrefixed()
                + "' ("
                + q.iri()
                + ") uses a prefix not declared for "
                + q.namespace());
      }
      return q.toPrefixed();
    }
  }
}
