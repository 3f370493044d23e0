package dev.custody.ingest;

import com.networknt.schema.Error;
import org.jspecify.annotations.Nullable;

/**
 * JSON pointers (RFC 6901) as refusals name members: one escaping, one reading of schema errors.
 */
public final class JsonPointers {
  private JsonPointers() {}

  /** {@code name} as one reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public static String token(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer of the member a JSON Schema error is about (the missing one, for "required"). */
  public static String of(Error e) {
    String base = e.getInstanceLocation().toString();
    if (base.equals("#") || base.equals("$")) {
      base = "";
    }
    if (base.startsWith("#")) {
      base = base.substring(1);
    }
    @Nullable String property = e.getProperty();
    if ("required".equals(e.getKeyword()) && property != null) {
      return base + "/" + token(property);
    }
    return base;
  }
}
