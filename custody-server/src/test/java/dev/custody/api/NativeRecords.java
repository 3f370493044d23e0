package dev.custody.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds native records (docs/RECORDS.md) for tests, one statement at a time. */
final class NativeRecords {
  private final ObjectNode root = TestServer.JSON.createObjectNode();
  private final ArrayNode nodes;
  private final ArrayNode relations;

  NativeRecords(String producer, String time) {
    root.put("_type", "https://custody.dev/record/v1");
    root.put("producer", producer);
    root.put("time", time);
    nodes = root.putArray("nodes");
    relations = root.putArray("relations");
  }

  NativeRecords node(String id, String kind, String type) {
    nodes.addObject().put("id", id).put("kind", kind).put("type", type);
    return this;
  }

  /** A node with string attributes given as name, value pairs. */
  NativeRecords node(String id, String kind, String type, String... attributes) {
    ObjectNode n = nodes.addObject().put("id", id).put("kind", kind).put("type", type);
    ObjectNode a = n.putObject("attributes");
    for (int i = 0; i < attributes.length; i += 2) {
      a.put(attributes[i], attributes[i + 1]);
    }
    return this;
  }

  NativeRecords rel(String subject, String relation, String object) {
    relations.addObject().put("relation", relation).put("subject", subject).put("object", object);
    return this;
  }

  /** A relation with string attributes given as name, value pairs. */
  NativeRecords rel(String subject, String relation, String object, String... attributes) {
    ObjectNode r =
        relations
            .addObject()
            .put("relation", relation)
            .put("subject", subject)
            .put("object", object);
    ObjectNode a = r.putObject("attributes");
    for (int i = 0; i < attributes.length; i += 2) {
      a.put(attributes[i], attributes[i + 1]);
    }
    return this;
  }

  String json() {
    return root.toString();
  }
}
