package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The linked lists by node hold what one list per node would hold, in the same order. */
class ChainsTest {

  @Property(tries = 200)
  void eachNodeListsItsValuesInTheOrderAdded(
      @ForAll @IntRange(min = 1, max = 20) int nodeCount,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> values,
      @ForAll long seed) {
    Chains forward = new Chains(false);
    Chains backward = new Chains(true);
    List<List<Integer>> model = new ArrayList<>();
    java.util.Random random = new java.util.Random(seed);
    for (int n = 0; n < nodeCount; n++) {
      forward.addNode();
      backward.addNode();
      model.add(new ArrayList<>());
    }
    for (int value : values) {
      int node = random.nextInt(nodeCount);
      forward.add(node, value);
      backward.add(node, value);
      model.get(node).add(value);
      if (random.nextInt(10) == 0) { // nodes are added as values arrive, too
        forward.addNode();
        backward.addNode();
        model.add(new ArrayList<>());
      }
    }
    for (int n = 0; n < model.size(); n++) {
      assertThat(walkForward(forward, n)).as("node %d", n).isEqualTo(model.get(n));
      assertThat(walkForward(backward, n)).as("node %d", n).isEqualTo(model.get(n));
      List<Integer> reversed = new ArrayList<>(model.get(n)).reversed();
      List<Integer> walked = new ArrayList<>();
      for (int k = backward.last(n); k != Chains.END; k = backward.previous(k)) {
        walked.add(backward.value(k));
      }
      assertThat(walked).as("node %d backward", n).isEqualTo(reversed);
    }
  }

  private static List<Integer> walkForward(Chains chains, int node) {
    List<Integer> walked = new ArrayList<>();
    for (int k = chains.first(node); k != Chains.END; k = chains.next(k)) {
      walked.add(chains.value(k));
    }
    return walked;
  }
}
