package dev.custody.store;

import dev.custody.model.Kind;
import dev.custody.model.Relation;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One rule of what a node must be linked to, in the store's terms (the rule table itself is {@code
 * query.GapRules}). A node is <em>checked</em> when it has {@code kind}, one of {@code types} (any
 * type, or none, when {@code types} is empty), and was named below the log size asked. Then:
 *
 * <ul>
 *   <li>without {@code via}: it lacks the link when neither it nor any alias (identity links,
 *       {@code alternateOf} and {@code specializationOf}, both ways, transitively) is the subject
 *       of a {@code required} edge;
 *   <li>with {@code via}: it is checked only if it is the subject of a {@code via} edge to a node
 *       that has, or has an alias that has, one of {@code viaTypes}; it lacks the link when one
 *       such object (with its aliases) is the subject of no {@code required} edge. That object is
 *       named as the missing link's {@code via}.
 * </ul>
 */
public record LinkCheck(
    Kind kind, Set<String> types, Relation required, @Nullable Relation via, Set<String> viaTypes) {
  public LinkCheck {
    types = Set.copyOf(types);
    viaTypes = Set.copyOf(viaTypes);
    if (via != null && viaTypes.isEmpty()) {
      throw new IllegalArgumentException("a check through 'via' names the types it goes to");
    }
  }
}
