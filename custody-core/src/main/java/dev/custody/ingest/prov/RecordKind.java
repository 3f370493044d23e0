package dev.custody.ingest.prov;

import dev.custody.ingest.prov.Element.Activity;
import dev.custody.ingest.prov.Element.Agent;
import dev.custody.ingest.prov.Element.Entity;
import dev.custody.ingest.prov.Relation.Alternate;
import dev.custody.ingest.prov.Relation.Association;
import dev.custody.ingest.prov.Relation.Attribution;
import dev.custody.ingest.prov.Relation.Communication;
import dev.custody.ingest.prov.Relation.Delegation;
import dev.custody.ingest.prov.Relation.Derivation;
import dev.custody.ingest.prov.Relation.End;
import dev.custody.ingest.prov.Relation.Generation;
import dev.custody.ingest.prov.Relation.Influence;
import dev.custody.ingest.prov.Relation.Invalidation;
import dev.custody.ingest.prov.Relation.Membership;
import dev.custody.ingest.prov.Relation.Mention;
import dev.custody.ingest.prov.Relation.Specialization;
import dev.custody.ingest.prov.Relation.Start;
import dev.custody.ingest.prov.Relation.Usage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The PROV-JSON record types and their reserved members, shared by the reader, the writer and the
 * semantic comparison so that the three cannot disagree about a relation's arguments.
 */
enum RecordKind {
  ENTITY("entity", "e"),
  ACTIVITY("activity", "a", time("startTime"), time("endTime")),
  AGENT("agent", "ag"),
  GENERATION("wasGeneratedBy", "wGB", required("entity"), optional("activity"), time("time")),
  USAGE("used", "u", required("activity"), optional("entity"), time("time")),
  COMMUNICATION("wasInformedBy", "wInfm", optional("informed"), optional("informant")),
  START(
      "wasStartedBy",
      "wSB",
      required("activity"),
      optional("trigger"),
      optional("starter"),
      time("time")),
  END(
      "wasEndedBy",
      "wEB",
      required("activity"),
      optional("trigger"),
      optional("ender"),
      time("time")),
  INVALIDATION("wasInvalidatedBy", "wInvB", required("entity"), optional("activity"), time("time")),
  DERIVATION(
      "wasDerivedFrom",
      "wDF",
      optional("generatedEntity"),
      optional("usedEntity"),
      optional("activity"),
      optional("generation"),
      optional("usage")),
  ATTRIBUTION("wasAttributedTo", "wAT", optional("entity"), optional("agent")),
  ASSOCIATION(
      "wasAssociatedWith", "wAW", required("activity"), optional("agent"), optional("plan")),
  DELEGATION(
      "actedOnBehalfOf",
      "aOBO",
      required("delegate"),
      required("responsible"),
      optional("activity")),
  INFLUENCE("wasInfluencedBy", "wInfl", optional("influencee"), optional("influencer")),
  ALTERNATE("alternateOf", "aO", required("alternate1"), required("alternate2")),
  SPECIALIZATION("specializationOf", "sO", required("specificEntity"), required("generalEntity")),
  MEMBERSHIP("hadMember", "hM", required("collection"), list("entity")),
  MENTION(
      "mentionOf", "mO", required("specificEntity"), required("generalEntity"), required("bundle"));

  /** How a reserved member is read. */
  enum Arity {
    REQUIRED,
    OPTIONAL,
    TIME,
    LIST
  }

  /** A reserved member: {@code prov:name}. */
  record Field(String name, Arity arity) {}

  private static final Map<String, RecordKind> BY_JSON_NAME = new HashMap<>();

  static {
    for (RecordKind k : values()) {
      BY_JSON_NAME.put(k.jsonName, k);
    }
  }

  final String jsonName;
  final String blankPrefix;
  final List<Field> fields;

  RecordKind(String jsonName, String blankPrefix, Field... fields) {
    this.jsonName = jsonName;
    this.blankPrefix = blankPrefix;
    this.fields = List.of(fields);
  }

  private static Field required(String name) {
    return new Field(name, Arity.REQUIRED);
  }

  private static Field optional(String name) {
    return new Field(name, Arity.OPTIONAL);
  }

  private static Field time(String name) {
    return new Field(name, Arity.TIME);
  }

  private static Field list(String name) {
    return new Field(name, Arity.LIST);
  }

  static @Nullable RecordKind byJsonName(String name) {
    return BY_JSON_NAME.get(name);
  }

  boolean isElement() {
    return this == ENTITY || this == ACTIVITY || this == AGENT;
  }

  @Nullable Field field(String localName) {
    for (Field f : fields) {
      if (f.name.equals(localName)) {
        return f;
      }
    }
    return null;
  }

  static RecordKind of(Statement s) {
    return switch (s) {
      case Entity e -> ENTITY;
      case Activity a -> ACTIVITY;
      case Agent a -> AGENT;
      case Generation r -> GENERATION;
      case Usage r -> USAGE;
      case Communication r -> COMMUNICATION;
      case Start r -> START;
      case End r -> END;
      case Invalidation r -> INVALIDATION;
      case Derivation r -> DERIVATION;
      case Attribution r -> ATTRIBUTION;
      case Association r -> ASSOCIATION;
      case Delegation r -> DELEGATION;
      case Influence r -> INFLUENCE;
      case Alternate r -> ALTERNATE;
      case Specialization r -> SPECIALIZATION;
      case Membership r -> MEMBERSHIP;
      case Mention r -> MENTION;
    };
  }

  static @Nullable QualifiedName id(Statement s) {
    return switch (s) {
      case Element e -> e.id();
      case Relation r -> r.id();
    };
  }

  /** The reserved arguments of {@code s} by field name; absent optional ones map to null. */
  static Map<String, @Nullable Object> args(Statement s) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    switch (s) {
      case Entity e -> {}
      case Activity a -> {
        m.put("startTime", a.startTime());
        m.put("endTime", a.endTime());
      }
      case Agent a -> {}
      case Generation r -> {
        m.put("entity", r.entity());
        m.put("activity", r.activity());
        m.put("time", r.time());
      }
      case Usage r -> {
        m.put("activity", r.activity());
        m.put("entity", r.entity());
        m.put("time", r.time());
      }
      case Communication r -> {
        m.put("informed", r.informed());
        m.put("informant", r.informant());
      }
      case Start r -> {
        m.put("activity", r.activity());
        m.put("trigger", r.trigger());
        m.put("starter", r.starter());
        m.put("time", r.time());
      }
      case End r -> {
        m.put("activity", r.activity());
        m.put("trigger", r.trigger());
        m.put("ender", r.ender());
        m.put("time", r.time());
      }
      case Invalidation r -> {
        m.put("entity", r.entity());
        m.put("activity", r.activity());
        m.put("time", r.time());
      }
      case Derivation r -> {
        m.put("generatedEntity", r.generatedEntity());
        m.put("usedEntity", r.usedEntity());
        m.put("activity", r.activity());
        m.put("generation", r.generation());
        m.put("usage", r.usage());
      }
      case Attribution r -> {
        m.put("entity", r.entity());
        m.put("agent", r.agent());
      }
      case Association r -> {
        m.put("activity", r.activity());
        m.put("agent", r.agent());
        m.put("plan", r.plan());
      }
      case Delegation r -> {
        m.put("delegate", r.delegate());
        m.put("responsible", r.responsible());
        m.put("activity", r.activity());
      }
      case Influence r -> {
        m.put("influencee", r.influencee());
        m.put("influencer", r.influencer());
      }
      case Alternate r -> {
        m.put("alternate1", r.alternate1());
        m.put("alternate2", r.alternate2());
      }
      case Specialization r -> {
        m.put("specificEntity", r.specificEntity());
        m.put("generalEntity", r.generalEntity());
      }
      case Membership r -> {
        m.put("collection", r.collection());
        m.put("entity", r.entity());
      }
      case Mention r -> {
        m.put("specificEntity", r.specificEntity());
        m.put("generalEntity", r.generalEntity());
        m.put("bundle", r.bundle());
      }
    }
    return m;
  }

  /**
   * Builds a statement of this kind. {@code id} is non-null for elements; {@code args} holds the
   * values {@link #args} would return, required ones present.
   */
  @SuppressWarnings("unchecked")
  Statement build(@Nullable QualifiedName id, Map<String, Object> args, Attributes attributes) {
    return switch (this) {
      case ENTITY -> new Entity(nonNull(id), attributes);
      case ACTIVITY ->
          new Activity(nonNull(id), time(args, "startTime"), time(args, "endTime"), attributes);
      case AGENT -> new Agent(nonNull(id), attributes);
      case GENERATION ->
          new Generation(
              id, name(args, "entity"), opt(args, "activity"), time(args, "time"), attributes);
      case USAGE ->
          new Usage(
              id, name(args, "activity"), opt(args, "entity"), time(args, "time"), attributes);
      case COMMUNICATION ->
          new Communication(id, opt(args, "informed"), opt(args, "informant"), attributes);
      case START ->
          new Start(
              id,
              name(args, "activity"),
              opt(args, "trigger"),
              opt(args, "starter"),
              time(args, "time"),
              attributes);
      case END ->
          new End(
              id,
              name(args, "activity"),
              opt(args, "trigger"),
              opt(args, "ender"),
              time(args, "time"),
              attributes);
      case INVALIDATION ->
          new Invalidation(
              id, name(args, "entity"), opt(args, "activity"), time(args, "time"), attributes);
      case DERIVATION ->
          new Derivation(
              id,
              opt(args, "generatedEntity"),
              opt(args, "usedEntity"),
              opt(args, "activity"),
              opt(args, "generation"),
              opt(args, "usage"),
              attributes);
      case ATTRIBUTION -> new Attribution(id, opt(args, "entity"), opt(args, "agent"), attributes);
      case ASSOCIATION ->
          new Association(
              id, name(args, "activity"), opt(args, "agent"), opt(args, "plan"), attributes);
      case DELEGATION ->
          new Delegation(
              id,
              name(args, "delegate"),
              name(args, "responsible"),
              opt(args, "activity"),
              attributes);
      case INFLUENCE ->
          new Influence(id, opt(args, "influencee"), opt(args, "influencer"), attributes);
      case ALTERNATE ->
          new Alternate(id, name(args, "alternate1"), name(args, "alternate2"), attributes);
      case SPECIALIZATION ->
          new Specialization(
              id, name(args, "specificEntity"), name(args, "generalEntity"), attributes);
      case MEMBERSHIP ->
          new Membership(
              id,
              name(args, "collection"),
              (List<QualifiedName>) args.getOrDefault("entity", List.of()),
              attributes);
      case MENTION ->
          new Mention(
              id,
              name(args, "specificEntity"),
              name(args, "generalEntity"),
              name(args, "bundle"),
              attributes);
    };
  }

  private static QualifiedName nonNull(@Nullable QualifiedName id) {
    if (id == null) {
      throw new IllegalArgumentException("an element needs an identifier");
    }
    return id;
  }

  private static QualifiedName name(Map<String, Object> args, String key) {
    return (QualifiedName) args.get(key);
  }

  private static @Nullable QualifiedName opt(Map<String, Object> args, String key) {
    return (QualifiedName) args.get(key);
  }

  private static @Nullable ProvTime time(Map<String, Object> args, String key) {
    return (ProvTime) args.get(key);
  }
}
