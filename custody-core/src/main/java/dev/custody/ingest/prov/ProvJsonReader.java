package dev.custody.ingest.prov;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.JsonPointers;
import dev.custody.ingest.prov.AttributeValue.BooleanValue;
import dev.custody.ingest.prov.AttributeValue.LangString;
import dev.custody.ingest.prov.AttributeValue.NumberValue;
import dev.custody.ingest.prov.AttributeValue.QualifiedNameValue;
import dev.custody.ingest.prov.AttributeValue.StringValue;
import dev.custody.ingest.prov.AttributeValue.TypedLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads PROV-JSON (W3C Member Submission, 2013) into a {@link ProvDocument}.
 *
 * <p>Lenient where PROV-JSON is: members in any order ({@code prefix} may come last), a record
 * given once or as an array of records under one identifier, attribute values bare or typed. Strict
 * about shape: every refusal is an {@link InvalidInputException} (400, or 413 for the size caps)
 * whose field is a JSON pointer to the offending member, for example {@code
 * /wasGeneratedBy/_:wGB1/prov:time}; the empty pointer names the whole document. Refused: text that
 * is not one JSON object, duplicate member names, unknown record types, a record or record group
 * that is not an object, a typed literal without {@code $} or with unknown members, a null value,
 * nested arrays, an undeclared prefix, an unprefixed name without a default namespace, a malformed
 * {@code xsd:dateTime} in a time member, a relation missing the argument it is about (the activity
 * of a start, the entity of a generation, …), a bundle inside a bundle, PROV-JSONLD
 * ({@code @context}) and PROV-N. The two ends of a communication, derivation, attribution or
 * influence may be missing, as real PROV-JSON writers emit them; the graph treats such a relation
 * as a missing link.
 *
 * <p>Thread safe; reuse one instance.
 */
public final class ProvJsonReader {

  /**
   * Safety caps.
   *
   * @param maxBytes largest document accepted, in bytes (413 above)
   * @param maxDepth deepest nesting of JSON objects and arrays (400 above)
   * @param maxStatements most statements in one document, bundles included (413 above)
   */
  public record Limits(int maxBytes, int maxDepth, int maxStatements) {
    /** 16 MiB, depth 32 (PROV-JSON needs 7), 100,000 statements. */
    public static final Limits DEFAULTS = new Limits(16 << 20, 32, 100_000);

    public Limits {
      if (maxBytes <= 0 || maxDepth <= 0 || maxStatements <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private static final String PROV_QUALIFIED_NAME = QualifiedName.PROV_NAMESPACE + "QUALIFIED_NAME";
  private static final String XSD_QNAME = QualifiedName.XSD_NAMESPACE + "QName";
  private static final String PROV_I18N = QualifiedName.PROV_NAMESPACE + "InternationalizedString";
  private static final String XSD_DATETIME = QualifiedName.XSD_NAMESPACE + "dateTime";

  private final Limits limits;
  private final ObjectMapper mapper;

  /** A reader with {@link Limits#DEFAULTS}. */
  public ProvJsonReader() {
    this(Limits.DEFAULTS);
  }

  public ProvJsonReader(Limits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
            .build();
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep 2.50 as written; semantic comparison is by numeric value anyway.
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  }

  /**
   * Parses one PROV-JSON document.
   *
   * @throws InvalidInputException naming the offending member by JSON pointer
   */
  public ProvDocument read(byte[] json) {
    if (json.length > limits.maxBytes()) {
      throw InvalidInputException.tooLarge(
          "", "document is " + json.length + " bytes, more than " + limits.maxBytes());
    }
    JsonNode root = parse(json);
    if (!root.isObject()) {
      throw InvalidInputException.badRequest(
          "", "a PROV-JSON document must be a JSON object, found " + describe(root));
    }
    for (String jsonLd : List.of("@context", "@graph")) {
      if (root.has(jsonLd)) {
        throw InvalidInputException.badRequest(
            "/" + jsonLd,
            "this is PROV-JSONLD (it has "
                + jsonLd
                + "), not PROV-JSON; send PROV-JSON as in"
                + " https://www.w3.org/Submission/prov-json/");
      }
    }
    return new Pass().document((ObjectNode) root);
  }

  private JsonNode parse(byte[] json) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (StreamConstraintsException e) {
      throw InvalidInputException.badRequest(
          "", "nested deeper than " + limits.maxDepth() + " levels");
    } catch (JsonProcessingException e) {
      throw InvalidInputException.badRequest(pointerOf(e), notJson(json, e));
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "unreadable document: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw InvalidInputException.badRequest("", "document is empty");
    }
    return root;
  }

  private static String pointerOf(JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
      return p.getParsingContext().pathAsPointer().toString();
    }
    return "";
  }

  private static String notJson(byte[] json, JsonProcessingException e) {
    String start = new String(json, 0, Math.min(json.length, 64), StandardCharsets.UTF_8).strip();
    if (start.startsWith("document")) {
      return "this looks like PROV-N, not PROV-JSON; send PROV-JSON as in"
          + " https://www.w3.org/Submission/prov-json/";
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid JSON" + where + ": " + e.getOriginalMessage();
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case BINARY, MISSING -> "nothing";
    };
  }

  private static InvalidInputException bad(String pointer, String detail) {
    return InvalidInputException.badRequest(pointer, detail);
  }

  /** One read: carries the statement count against the cap. */
  private final class Pass {
    private int statements;

    ProvDocument document(ObjectNode root) {
      Namespaces ns = prefixes(root.get("prefix"), "/prefix");
      List<Statement> out = new ArrayList<>();
      List<Bundle> bundles = new ArrayList<>();
      for (Map.Entry<String, JsonNode> member : root.properties()) {
        String name = member.getKey();
        String ptr = "/" + JsonPointers.token(name);
        if (name.equals("bundle")) {
          bundles.addAll(bundles(member.getValue(), ptr, ns));
        } else if (!name.equals("prefix")) {
          records(name, member.getValue(), ptr, ns, out);
        }
      }
      return new ProvDocument(ns, out, bundles);
    }

    private List<Bundle> bundles(JsonNode node, String ptr, Namespaces outer) {
      if (!node.isObject()) {
        throw bad(
            ptr,
            "bundle must be an object mapping bundle identifiers to bundles, found "
                + describe(node));
      }
      List<Bundle> out = new ArrayList<>();
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String bptr = ptr + "/" + JsonPointers.token(member.getKey());
        QualifiedName id = name(member.getKey(), bptr, outer);
        JsonNode body = member.getValue();
        if (!body.isObject()) {
          throw bad(bptr, "a bundle must be an object, found " + describe(body));
        }
        Namespaces own = prefixes(body.get("prefix"), bptr + "/prefix");
        Namespaces scope = outer.enclosing(own);
        List<Statement> statements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> inner : body.properties()) {
          String name = inner.getKey();
          String iptr = bptr + "/" + JsonPointers.token(name);
          if (name.equals("bundle")) {
            throw bad(iptr, "bundles cannot contain bundles");
          }
          if (!name.equals("prefix")) {
            records(name, inner.getValue(), iptr, scope, statements);
          }
        }
        out.add(new Bundle(id, own, statements));
      }
      return out;
    }

    private Namespaces prefixes(@Nullable JsonNode node, String ptr) {
      if (node == null) {
        return Namespaces.empty();
      }
      if (!node.isObject()) {
        throw bad(
            ptr,
            "prefix must be an object mapping prefixes to namespace IRIs, found " + describe(node));
      }
      Map<String, String> prefixes = new LinkedHashMap<>();
      String dflt = null;
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String prefix = member.getKey();
        String pptr = ptr + "/" + JsonPointers.token(prefix);
        JsonNode iri = member.getValue();
        if (!iri.isTextual() || iri.asText().isEmpty()) {
          throw bad(pptr, "a namespace must be a non-empty IRI string, found " + describe(iri));
        }
        String standard =
            switch (prefix) {
              case "prov" -> QualifiedName.PROV_NAMESPACE;
              case "xsd" -> QualifiedName.XSD_NAMESPACE;
              default -> null;
            };
        if (prefix.equals("default")) {
          dflt = iri.asText();
        } else if (prefix.isEmpty() || prefix.contains(":") || prefix.equals("_")) {
          throw bad(pptr, "'" + prefix + "' cannot be declared as a prefix");
        } else if (standard != null && !standard.equals(iri.asText())) {
          throw bad(pptr, prefix + " is reserved for " + standard);
        } else {
          prefixes.put(prefix, iri.asText());
        }
      }
      return new Namespaces(prefixes, dflt);
    }

    private void records(
        String type, JsonNode group, String ptr, Namespaces scope, List<Statement> out) {
      RecordKind kind = RecordKind.byJsonName(type);
      if (kind == null) {
        throw bad(ptr, "unknown PROV-JSON record type '" + type + "'");
      }
      if (!group.isObject()) {
        throw bad(
            ptr,
            type + " must be an object mapping identifiers to records, found " + describe(group));
      }
      for (Map.Entry<String, JsonNode> member : group.properties()) {
        String key = member.getKey();
        String rptr = ptr + "/" + JsonPointers.token(key);
        JsonNode body = member.getValue();
        if (body.isArray()) {
          for (int i = 0; i < body.size(); i++) {
            out.add(record(kind, key, rptr, body.get(i), rptr + "/" + i, scope));
          }
        } else {
          out.add(record(kind, key, rptr, body, rptr, scope));
        }
      }
    }

    private Statement record(
        RecordKind kind, String key, String idPtr, JsonNode body, String ptr, Namespaces scope) {
      if (!body.isObject()) {
        throw bad(
            ptr,
            "a "
                + kind.jsonName
                + " record must be an object (or an array of"
                + " objects), found "
                + describe(body));
      }
      if (++statements > limits.maxStatements()) {
        throw InvalidInputException.tooLarge(
            ptr, "more than " + limits.maxStatements() + " statements");
      }
      QualifiedName id = name(key, idPtr, scope);
      Map<String, Object> args = new LinkedHashMap<>();
      Map<QualifiedName, List<AttributeValue>> attrs = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> member : body.properties()) {
        String mptr = ptr + "/" + JsonPointers.token(member.getKey());
        QualifiedName attr = name(member.getKey(), mptr, scope);
        if (attr.isBlank()) {
          throw bad(mptr, "an attribute name cannot be a blank node identifier");
        }
        RecordKind.Field field =
            attr.namespace().equals(QualifiedName.PROV_NAMESPACE)
                ? kind.field(attr.localPart())
                : null;
        if (field == null) {
          attrs
              .computeIfAbsent(attr, k -> new ArrayList<>())
              .addAll(values(member.getValue(), mptr, scope));
        } else if (args.put(field.name(), argument(field, member.getValue(), mptr, scope))
            != null) {
          throw bad(mptr, "prov:" + field.name() + " is given twice");
        }
      }
      for (RecordKind.Field field : kind.fields) {
        if (field.arity() == RecordKind.Arity.REQUIRED && !args.containsKey(field.name())) {
          throw bad(
              ptr + "/prov:" + field.name(),
              "a " + kind.jsonName + " record needs prov:" + field.name());
        }
      }
      return kind.build(id, args, new Attributes(attrs));
    }

    private Object argument(RecordKind.Field field, JsonNode value, String ptr, Namespaces scope) {
      return switch (field.arity()) {
        case REQUIRED, OPTIONAL -> nameValue(value, ptr, scope);
        case TIME -> time(value, ptr);
        case LIST -> {
          if (!value.isArray()) {
            yield List.of(nameValue(value, ptr, scope));
          }
          List<QualifiedName> names = new ArrayList<>();
          for (int i = 0; i < value.size(); i++) {
            names.add(nameValue(value.get(i), ptr + "/" + i, scope));
          }
          yield names;
        }
      };
    }

    /** A reserved member naming a node: a string, or a prov:QUALIFIED_NAME typed literal. */
    private QualifiedName nameValue(JsonNode value, String ptr, Namespaces scope) {
      if (value.isTextual()) {
        return name(value.asText(), ptr, scope);
      }
      if (value.isObject()
          && values(value, ptr, scope).getFirst() instanceof QualifiedNameValue(QualifiedName q)) {
        return q;
      }
      throw bad(
          ptr, "must be a qualified name (a string such as \"ex:e1\"), found " + describe(value));
    }

    private ProvTime time(JsonNode value, String ptr) {
      JsonNode lexical = value;
      if (value.isObject()) {
        JsonNode type = value.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals("xsd:dateTime")) {
          throw bad(ptr, "a time must be an xsd:dateTime string");
        }
        lexical = value.get("$");
      }
      if (lexical == null || !lexical.isTextual()) {
        throw bad(
            ptr,
            "a time must be an xsd:dateTime string, found "
                + (lexical == null ? "no $" : describe(lexical)));
      }
      return parseTime(lexical.asText(), ptr);
    }

    private ProvTime parseTime(String lexical, String ptr) {
      try {
        return new ProvTime(lexical);
      } catch (IllegalArgumentException e) {
        throw bad(ptr, String.valueOf(e.getMessage()));
      }
    }

    private List<AttributeValue> values(JsonNode node, String ptr, Namespaces scope) {
      if (!node.isArray()) {
        return List.of(value(node, ptr, scope));
      }
      if (node.isEmpty()) {
        throw bad(ptr, "an attribute needs at least one value");
      }
      List<AttributeValue> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String iptr = ptr + "/" + i;
        if (item.isArray()) {
          throw bad(iptr, "attribute values cannot be nested arrays");
        }
        out.add(value(item, iptr, scope));
      }
      return out;
    }

    private AttributeValue value(JsonNode node, String ptr, Namespaces scope) {
      return switch (node.getNodeType()) {
        case STRING -> new StringValue(node.asText());
        case NUMBER -> new NumberValue(node.decimalValue());
        case BOOLEAN -> new BooleanValue(node.booleanValue());
        case OBJECT -> literal((ObjectNode) node, ptr, scope);
        default -> throw bad(ptr, describe(node) + " is not a PROV-JSON attribute value");
      };
    }

    private AttributeValue literal(ObjectNode node, String ptr, Namespaces scope) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String m = member.getKey();
        if (!m.equals("$") && !m.equals("type") && !m.equals("lang")) {
          throw bad(
              ptr + "/" + JsonPointers.token(m),
              "a typed literal has only $, type and lang members");
        }
        if (!member.getValue().isTextual() && !m.equals("$")) {
          throw bad(ptr + "/" + m, m + " must be a string, found " + describe(member.getValue()));
        }
      }
      JsonNode dollar = node.get("$");
      if (dollar == null) {
        throw bad(ptr, "a typed literal needs a \"$\" member holding its value");
      }
      if (!dollar.isValueNode() || dollar.isNull()) {
        throw bad(ptr + "/$", "$ must be a string, found " + describe(dollar));
      }
      String lexical = dollar.asText();
      JsonNode typeNode = node.get("type");
      JsonNode lang = node.get("lang");
      QualifiedName type = typeNode == null ? null : name(typeNode.asText(), ptr + "/type", scope);
      if (lang != null) {
        if (type != null && !type.iri().equals(PROV_I18N)) {
          throw bad(ptr + "/lang", "only a prov:InternationalizedString has a lang");
        }
        if (lang.asText().isEmpty()) {
          throw bad(ptr + "/lang", "empty language tag");
        }
        return new LangString(lexical, lang.asText());
      }
      if (type == null) {
        return new StringValue(lexical);
      }
      if (type.iri().equals(PROV_QUALIFIED_NAME) || type.iri().equals(XSD_QNAME)) {
        return new QualifiedNameValue(name(lexical, ptr + "/$", scope));
      }
      if (type.iri().equals(XSD_DATETIME)) {
        parseTime(lexical, ptr + "/$");
      }
      return new TypedLiteral(lexical, type);
    }

    private QualifiedName name(String text, String ptr, Namespaces scope) {
      if (text.isEmpty()) {
        throw bad(ptr, "empty qualified name");
      }
      if (text.startsWith("_:")) {
        return QualifiedName.blank(text.substring(2));
      }
      int colon = text.indexOf(':');
      if (colon < 0) {
        String dflt = scope.defaultNamespace();
        if (dflt == null) {
          throw bad(ptr, "'" + text + "' has no prefix and no default namespace is declared");
        }
        return new QualifiedName("", text, dflt);
      }
      String prefix = text.substring(0, colon);
      String namespace = scope.lookup(prefix);
      if (namespace == null) {
        throw bad(ptr, "undeclared prefix '" + prefix + "' in '" + text + "'");
      }
      return new QualifiedName(prefix, text.substring(colon + 1), namespace);
    }
  }
}
