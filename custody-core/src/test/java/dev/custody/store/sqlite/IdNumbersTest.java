package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The node table answers as a map from id to number does, ids of equal hashes included. */
class IdNumbersTest {

  @Property(tries = 100)
  void answersAsAMapDoes(
      @ForAll @IntRange(min = 0, max = 4_000) int lookups,
      @ForAll @IntRange(min = 1, max = 3_000) int distinct,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<String> universe = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      universe.add(id(random));
    }
    List<String> nodes = new ArrayList<>();
    IdNumbers table = new IdNumbers(nodes::get);
    Map<String, Integer> model = new HashMap<>();
    for (int i = 0; i < lookups; i++) {
      // Interned as the graph index does: looked up, and filed under the next number if missing.
      String id = new String(universe.get(random.nextInt(universe.size()))); // not the same object
      int n = table.get(id);
      assertThat(n).as("%s", id).isEqualTo(model.getOrDefault(id, -1));
      if (n < 0) {
        nodes.add(id);
        table.put(id, nodes.size() - 1);
        model.put(id, nodes.size() - 1);
      }
    }
    assertThat(table.size()).isEqualTo(model.size());
    for (String id : universe) {
      assertThat(table.get(new String(id))).as("%s", id).isEqualTo(model.getOrDefault(id, -1));
    }
  }

  @Test
  void idsOfOneHashAreToldApartByTheirText() {
    // "Aa" and "BB" hash alike, so every string of k such pairs has one hash.
    List<String> nodes = new ArrayList<>();
    for (int bits = 0; bits < 1 << 10; bits++) {
      StringBuilder b = new StringBuilder("sha256:");
      for (int k = 0; k < 10; k++) {
        b.append((bits >> k & 1) == 0 ? "Aa" : "BB");
      }
      nodes.add(b.toString());
    }
    assertThat(nodes.stream().map(String::hashCode).distinct()).hasSize(1);
    IdNumbers table = new IdNumbers(nodes::get);
    for (int n = 0; n < nodes.size(); n++) {
      assertThat(table.get(nodes.get(n))).isEqualTo(-1);
      table.put(nodes.get(n), n);
    }
    for (int n = 0; n < nodes.size(); n++) {
      assertThat(table.get(new String(nodes.get(n)))).isEqualTo(n);
    }
    assertThat(table.get("sha256:" + "Aa".repeat(11))).isEqualTo(-1);
  }

  @Test
  void aNegativeNumberIsRefused() {
    IdNumbers table = new IdNumbers(n -> "x");
    assertThatThrownBy(() -> table.put("x", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** An id of a few shapes: random text, or pairs of equal hash ("Aa", "BB") so hashes collide. */
  private static String id(Random random) {
    StringBuilder b = new StringBuilder(random.nextBoolean() ? "dataset:ns:" : "");
    int length = 1 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(3)) {
        case 0 -> b.append("Aa");
        case 1 -> b.append("BB");
        default -> b.append((char) ('a' + random.nextInt(26)));
      }
    }
    return b.toString();
  }
}
