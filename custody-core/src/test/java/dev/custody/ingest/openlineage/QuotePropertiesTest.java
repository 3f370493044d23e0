package dev.custody.ingest.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.erdtman.jcs.JsonCanonicalizer;

/** The projector's string writer is the RFC 8785 canonicalizer's, on any well-formed string. */
class QuotePropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 2000)
  void quoteIsTheCanonicalForm(@ForAll String s) throws Exception {
    Assume.that(wellFormed(s));
    String wrapped =
        new JsonCanonicalizer("[" + JSON.writeValueAsString(s) + "]").getEncodedString();

    assertThat(OpenLineageProjector.quote(s)).isEqualTo(wrapped.substring(1, wrapped.length() - 1));
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
