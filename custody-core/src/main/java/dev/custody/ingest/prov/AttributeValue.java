package dev.custody.ingest.prov;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One value of a PROV attribute, typed as PROV-JSON types it. A multi-valued attribute (a JSON
 * array) is a list of these in {@link Attributes}.
 */
public sealed interface AttributeValue {

  /** A bare JSON string; PROV-JSON reads it as an {@code xsd:string}. */
  record StringValue(String value) implements AttributeValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A bare JSON number, kept exactly. Compared by numeric value ({@code 1.0} equals {@code 1}). */
  record NumberValue(BigDecimal value) implements AttributeValue {
    public NumberValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A bare JSON boolean. */
  record BooleanValue(boolean value) implements AttributeValue {}

  /**
   * {@code {"$": lexical, "type": datatype}}. The lexical form is kept as written and compared as
   * written, so {@code "01"} and {@code "1"} as {@code xsd:int} differ.
   */
  record TypedLiteral(String lexical, QualifiedName datatype) implements AttributeValue {
    public TypedLiteral {
      Objects.requireNonNull(lexical, "lexical");
      Objects.requireNonNull(datatype, "datatype");
    }
  }

  /**
   * {@code {"$": value, "lang": tag}} (a {@code prov:InternationalizedString}). Tags compare
   * case-insensitively, as BCP 47 says.
   */
  record LangString(String value, String lang) implements AttributeValue {
    public LangString {
      Objects.requireNonNull(value, "value");
      if (lang.isEmpty()) {
        throw new IllegalArgumentException("empty language tag");
      }
    }
  }

  /**
   * {@code {"$": "ex:name", "type": "prov:QUALIFIED_NAME"}} (also read from the older {@code
   * xsd:QName}), resolved against the declarations in scope.
   */
  record QualifiedNameValue(QualifiedName value) implements AttributeValue {
    public QualifiedNameValue {
      Objects.requireNonNull(value, "value");
    }
  }
}
