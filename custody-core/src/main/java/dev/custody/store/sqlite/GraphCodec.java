package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.Relation;
import dev.custody.store.GraphRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one record's projection in {@code graph_records} (docs/LOG-FORMAT.md, "The graph
 * beside the log"): its nodes and edges as the graph keeps them, so that the in-memory index loads
 * at start without parsing or projecting documents again, and a node's or an edge's attributes are
 * read from the few records that stated any.
 *
 * <p>Written by hand rather than with a serialization library: it is a private cache of a pure
 * function of the log (rebuilt by {@code custody reindex}, never read by anything but this store),
 * its shape is six fields, and decoding it a million times at start must not build a tree or parse
 * an id. The first byte is the format version; a store refuses a version it does not know.
 *
 * <p>Layout (version 2): version (1 byte), node count, then per node (in id order): id, kind (one
 * byte, {@link #KIND_CODES}), type, name, attributes; edge count, then per edge (in subject,
 * relation, object order): subject, relation (one byte, {@link #RELATION_CODES}), object, time,
 * attributes. An edge's end is a reference: 1 + the position of a node of this projection with that
 * id, or 0 and the id itself. Counts, lengths and references are unsigned LEB128 varints; strings
 * are UTF-8 with their byte length; a nullable string is a length plus one (0 for null); a time is
 * 0 (none) or 1 and eight bytes of epoch milliseconds; attributes are a count and (name, value)
 * pairs in name order. Node attributes already hold an activity's times as {@code prov:startTime}
 * and {@code prov:endTime}, as the graph has always answered them.
 *
 * <p>Version 1, which stores written before it still hold, spelled kinds and relations as their
 * labels and every edge's ends as ids: a record's projection repeated each id once per edge it was
 * an end of, and was as long as the record itself. Both versions decode; only version 2 is written.
 */
final class GraphCodec {
  static final int VERSION = 2;

  /** Kinds by their one-byte code in version 2; a code is never reused or renumbered. */
  static final List<Kind> KIND_CODES = List.of(Kind.ENTITY, Kind.ACTIVITY, Kind.AGENT);

  /** Relations by their one-byte code in version 2; a code is never reused or renumbered. */
  static final List<Relation> RELATION_CODES =
      List.of(
          Relation.WAS_GENERATED_BY,
          Relation.USED,
          Relation.WAS_DERIVED_FROM,
          Relation.WAS_ATTRIBUTED_TO,
          Relation.WAS_ASSOCIATED_WITH,
          Relation.ACTED_ON_BEHALF_OF,
          Relation.WAS_INFORMED_BY,
          Relation.WAS_INVALIDATED_BY,
          Relation.ALTERNATE_OF,
          Relation.SPECIALIZATION_OF);

  // The encoder's buffer, reused record after record (an encoder serves one thread).
  private byte[] buf = new byte[1024];
  private int len;

  /** A node as the graph keeps it: ids as their normal-form text, attributes merged. */
  record NodeRow(
      String id,
      Kind kind,
      @Nullable String type,
      @Nullable String name,
      Map<String, String> attributes) {}

  /** An edge as the graph keeps it; {@code time} is epoch ms or {@link Long#MIN_VALUE}. */
  record EdgeRow(
      String subject,
      Relation relation,
      String object,
      long time,
      Map<String, String> attributes) {}

  /** A decoded projection. */
  record Rows(List<NodeRow> nodes, List<EdgeRow> edges) {}

  // Nodes by id, edges by subject, relation and object (a stable sort, so an edge a record states
  // twice keeps its statements' order): the same record read from its submitted form and from its
  // canonical form (reindex) may list them in other orders, and must encode to the same bytes.
  private static final Comparator<Node> NODE_ORDER = Comparator.comparing(n -> n.id().toString());
  private static final Comparator<Edge> EDGE_ORDER =
      Comparator.<Edge, String>comparing(e -> e.subject().toString())
          .thenComparing(e -> e.relation().label())
          .thenComparing(e -> e.object().toString());

  /** The bytes of {@code g}'s nodes and edges, in a fixed order. */
  byte[] encode(GraphRecord g) {
    len = 0;
    write(VERSION);
    List<Node> nodes = new ArrayList<>(g.nodes());
    nodes.sort(NODE_ORDER);
    List<Edge> edges = new ArrayList<>(g.edges());
    edges.sort(EDGE_ORDER);
    varint(nodes.size());
    String[] ids = new String[nodes.size()];
    for (int i = 0; i < ids.length; i++) {
      Node n = nodes.get(i);
      ids[i] = n.id().toString();
      string(ids[i]);
      write(codeOf(KIND_CODES, n.kind()));
      nullable(n.type());
      nullable(n.name());
      attributes(attributesOf(n));
    }
    varint(edges.size());
    for (Edge e : edges) {
      end(e.subject().toString(), ids);
      write(codeOf(RELATION_CODES, e.relation()));
      end(e.object().toString(), ids);
      Instant t = e.time();
      if (t == null) {
        write(0);
      } else {
        write(1);
        long ms = t.toEpochMilli();
        for (int shift = 56; shift >= 0; shift -= 8) {
          write((int) (ms >>> shift));
        }
      }
      attributes(e.attributes());
    }
    return java.util.Arrays.copyOf(buf, len);
  }

  private static <T> int codeOf(List<T> codes, T value) {
    int code = codes.indexOf(value);
    if (code < 0) {
      throw new IllegalStateException(value + " has no code in the graph projection format");
    }
    return code;
  }

  /** An edge's end: a reference to the node of this projection with its id, else the id. */
  private void end(String id, String[] ids) {
    int at = java.util.Arrays.binarySearch(ids, id); // ids are in id (String) order
    if (at >= 0) {
      varint(at + 1);
    } else {
      varint(0);
      string(id);
    }
  }

  static Rows decode(byte[] bytes) {
    List<NodeRow> nodes = new ArrayList<>();
    List<EdgeRow> edges = new ArrayList<>();
    walk(
        bytes,
        true,
        new Walker() {
          @Override
          public void node(
              String id,
              Kind kind,
              @Nullable String type,
              @Nullable String name,
              int attributeCount,
              Map<String, String> attributes) {
            nodes.add(new NodeRow(id, kind, type, name, attributes));
          }

          @Override
          public void edge(
              String subject,
              Relation relation,
              String object,
              long time,
              int attributeCount,
              Map<String, String> attributes) {
            edges.add(new EdgeRow(subject, relation, object, time, attributes));
          }
        });
    return new Rows(nodes, edges);
  }

  /** What {@link #scan} reports of a projection: what the in-memory index keeps of it. */
  interface Visitor {
    /** A node; {@code start} is its {@code prov:startTime} attribute's value, if it has one. */
    void node(
        String id,
        Kind kind,
        @Nullable String type,
        @Nullable String name,
        boolean attributed,
        @Nullable String start);

    /** An edge; {@code time} is epoch ms or {@link Long#MIN_VALUE}. */
    void edge(String subject, Relation relation, String object, long time, boolean attributed);
  }

  private static final byte[] START_TIME = "prov:startTime".getBytes(StandardCharsets.UTF_8);
  private static final Kind[] KINDS = Kind.values();
  private static final Relation[] RELATIONS = Relation.values();
  private static final byte[][] KIND_LABELS = labels(KINDS.length, i -> KINDS[i].label());
  private static final byte[][] RELATION_LABELS =
      labels(RELATIONS.length, i -> RELATIONS[i].label());

  /**
   * Reads {@code bytes} as {@link #decode} does, without building rows: attribute names and values
   * are skipped but for a node's {@code prov:startTime}. The index loads a million projections at
   * start; building each one's maps and lists made most of that load's garbage.
   */
  static void scan(byte[] bytes, Visitor visitor) {
    walk(
        bytes,
        false,
        new Walker() {
          @Override
          public void node(
              String id,
              Kind kind,
              @Nullable String type,
              @Nullable String name,
              int attributeCount,
              Map<String, String> attributes) {
            visitor.node(
                id, kind, type, name, attributeCount > 0, attributes.get("prov:startTime"));
          }

          @Override
          public void edge(
              String subject,
              Relation relation,
              String object,
              long time,
              int attributeCount,
              Map<String, String> attributes) {
            visitor.edge(subject, relation, object, time, attributeCount > 0);
          }
        });
  }

  /** What {@link #walk} reads of each node and edge. */
  private interface Walker {
    void node(
        String id,
        Kind kind,
        @Nullable String type,
        @Nullable String name,
        int attributeCount,
        Map<String, String> attributes);

    void edge(
        String subject,
        Relation relation,
        String object,
        long time,
        int attributeCount,
        Map<String, String> attributes);
  }

  /**
   * Reads {@code bytes}, the one reading of the layout {@link #decode} and {@link #scan} share.
   * With {@code allAttributes}, each node's and edge's attributes are read into a map; without,
   * they are skipped but for a node's {@code prov:startTime}.
   */
  private static void walk(byte[] bytes, boolean allAttributes, Walker walker) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int version = in.get() & 0xff;
      if (version != 1 && version != VERSION) {
        throw new IllegalStateException("graph projection format " + version + " is unknown");
      }
      boolean labels = version == 1;
      int nodeCount = varint(in);
      if (nodeCount > in.remaining()) {
        throw new IllegalStateException("a stored graph projection has a bad node count");
      }
      String[] ids = new String[nodeCount];
      for (int i = 0; i < ids.length; i++) {
        String id = string(in);
        ids[i] = id;
        Kind kind = labels ? KINDS[label(in, KIND_LABELS)] : code(in, KIND_CODES);
        String type = nullable(in);
        String name = nullable(in);
        int count = varint(in);
        walker.node(id, kind, type, name, count, attributes(in, count, allAttributes, true));
      }
      for (int i = varint(in); i > 0; i--) {
        String subject = labels ? string(in) : end(in, ids);
        Relation relation =
            labels ? RELATIONS[label(in, RELATION_LABELS)] : code(in, RELATION_CODES);
        String object = labels ? string(in) : end(in, ids);
        long time = in.get() == 0 ? Long.MIN_VALUE : in.getLong();
        int count = varint(in);
        walker.edge(
            subject, relation, object, time, count, attributes(in, count, allAttributes, false));
      }
      if (in.hasRemaining()) {
        throw new IllegalStateException(in.remaining() + " bytes after the projection");
      }
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalStateException("a stored graph projection does not decode", e);
    }
  }

  /**
   * The {@code count} attribute pairs at {@code in}, consumed: all of them, or (not {@code all})
   * only a node's {@code prov:startTime}, the rest skipped without building strings.
   */
  private static Map<String, String> attributes(
      ByteBuffer in, int count, boolean all, boolean node) {
    if (count == 0) {
      return Map.of();
    }
    if (all) {
      Map<String, String> out = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        out.put(string(in), string(in));
      }
      return Collections.unmodifiableMap(out);
    }
    String start = null;
    for (int i = 0; i < count; i++) {
      if (node && named(in, START_TIME)) {
        start = string(in);
      } else {
        skip(in); // the name
        skip(in); // the value
      }
    }
    return start == null ? Map.of() : Map.of("prov:startTime", start);
  }

  /** The entry of {@code codes} whose position is the byte at {@code in}, consumed. */
  private static <T> T code(ByteBuffer in, List<T> codes) {
    int code = in.get() & 0xff;
    if (code >= codes.size()) {
      throw new IllegalStateException("unknown code " + code);
    }
    return codes.get(code);
  }

  /** The edge end at {@code in}, consumed: a node of {@code ids} by reference, or an id. */
  private static String end(ByteBuffer in, String[] ids) {
    int reference = varint(in);
    if (reference == 0) {
      return string(in);
    }
    if (reference > ids.length) {
      throw new IllegalStateException("an edge refers to node " + reference + " of " + ids.length);
    }
    return ids[reference - 1];
  }

  /** The position in {@code labels} of the string at {@code in}, consumed (version 1). */
  private static int label(ByteBuffer in, byte[][] labels) {
    int length = varint(in);
    int at = in.position();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].length == length
          && java.util.Arrays.equals(in.array(), at, at + length, labels[i], 0, length)) {
        in.position(at + length);
        return i;
      }
    }
    throw new IllegalStateException(
        "unknown label " + new String(in.array(), at, length, StandardCharsets.UTF_8));
  }

  /** Whether the string at {@code in} is {@code name}; consumed if it is, else left in place. */
  private static boolean named(ByteBuffer in, byte[] name) {
    int start = in.position();
    int length = varint(in);
    int at = in.position();
    if (length == name.length
        && java.util.Arrays.equals(in.array(), at, at + length, name, 0, length)) {
      in.position(at + length);
      return true;
    }
    in.position(start);
    return false;
  }

  private static void skip(ByteBuffer in) {
    int length = varint(in);
    in.position(in.position() + length);
  }

  private static byte[][] labels(int count, java.util.function.IntFunction<String> label) {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = label.apply(i).getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  /** Whether {@link #attributesOf} has any for {@code n}, without building them. */
  static boolean attributed(Node n) {
    return !n.attributes().isEmpty() || n.startedAt() != null || n.endedAt() != null;
  }

  /** The node's attributes, with an activity's times as the PROV attributes they are. */
  static Map<String, String> attributesOf(Node n) {
    if (n.startedAt() == null && n.endedAt() == null) {
      return n.attributes();
    }
    Map<String, String> all = new TreeMap<>(n.attributes());
    if (n.startedAt() != null) {
      all.put("prov:startTime", quoted(n.startedAt()));
    }
    if (n.endedAt() != null) {
      all.put("prov:endTime", quoted(n.endedAt()));
    }
    return all;
  }

  /** A time as the JSON string an attribute value holds ({@code "2026-11-26T04:00:00Z"}). */
  private static String quoted(Instant t) {
    return '"' + dev.custody.model.Rfc3339.write(t) + '"';
  }

  private void attributes(Map<String, String> attributes) {
    varint(attributes.size());
    if (attributes.size() < 2 || attributes instanceof TreeMap<String, String>) {
      for (Map.Entry<String, String> a : attributes.entrySet()) {
        string(a.getKey());
        string(a.getValue());
      }
      return;
    }
    String[] names = attributes.keySet().toArray(new String[0]);
    java.util.Arrays.sort(names);
    for (String name : names) {
      string(name);
      string(attributes.get(name));
    }
  }

  private void string(String s) {
    bytes(s, 0);
  }

  private void nullable(@Nullable String s) {
    if (s == null) {
      varint(0);
    } else {
      bytes(s, 1);
    }
  }

  /** {@code s} as UTF-8 after its byte length plus {@code offset}. */
  private void bytes(String s, int offset) {
    // Ids, kinds and most names and values are ASCII: copied here char by char, without the
    // array getBytes makes for each string (the projections of a batch are most of what the
    // sequencer allocates).
    int n = s.length();
    int mark = len;
    varint(n + offset);
    room(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        len = mark; // not ASCII: its UTF-8 length differs; start again below
        utf8(s, offset);
        return;
      }
      buf[len + i] = (byte) c;
    }
    len += n;
  }

  private void utf8(String s, int offset) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length + offset);
    room(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void write(int b) {
    room(1);
    buf[len++] = (byte) b;
  }

  private void room(int more) {
    if (len + more > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private static String string(ByteBuffer in) {
    int length = varint(in);
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static @Nullable String nullable(ByteBuffer in) {
    int length = varint(in);
    if (length == 0) {
      return null;
    }
    String s = new String(in.array(), in.position(), length - 1, StandardCharsets.UTF_8);
    in.position(in.position() + length - 1);
    return s;
  }

  private void varint(int value) {
    int v = value;
    while ((v & ~0x7f) != 0) {
      write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    write(v);
  }

  private static int varint(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.get() & 0xff;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new IllegalStateException("a stored graph projection has a bad length");
  }
}
